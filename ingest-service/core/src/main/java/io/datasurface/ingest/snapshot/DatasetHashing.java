package io.datasurface.ingest.snapshot;

import io.datasurface.model.batch.RowHasher;
import io.datasurface.model.graph.ColumnSpec;
import io.datasurface.model.graph.DatasetSpec;
import io.datasurface.model.type.SqlType;
import io.datasurface.model.type.TypeKind;
import java.util.List;
import java.util.stream.IntStream;

/** How a dataset's rows and keys are hashed, for the diff of a snapshot against the merge store. */
record DatasetHashing(DatasetSpec dataset, RowHasher rows, RowHasher keys, int[] keyIndexes, SqlType[] keyTypes) {
    static DatasetHashing of(DatasetSpec d) {
        List<ColumnSpec> columns = d.columns();
        List<TypeKind> kinds = columns.stream().map(c -> SqlType.parse(c.type()).type().kind()).toList();
        int[] keys = IntStream.range(0, columns.size()).filter(i -> columns.get(i).primaryKey()).toArray();
        return new DatasetHashing(d, new RowHasher(columns.stream().map(ColumnSpec::name).toList(), kinds),
                new RowHasher(IntStream.of(keys).mapToObj(i -> columns.get(i).name()).toList(),
                        IntStream.of(keys).mapToObj(kinds::get).toList()),
                keys, IntStream.of(keys).mapToObj(i -> SqlType.parse(columns.get(i).type()).type())
                        .toArray(SqlType[]::new));
    }

    /**
     * Whether the key is one integer column: every database orders such keys alike, so the source's rows and the
     * merge table's can be compared in key order ({@link SortedDiff}) instead of through a {@link Digest}.
     */
    boolean integerKey() {
        if (keyTypes.length != 1) {
            return false;
        }
        TypeKind kind = keyTypes[0].kind();
        return kind == TypeKind.SMALLINT || kind == TypeKind.INTEGER || kind == TypeKind.BIGINT;
    }

    /** The Java value of an integer key as the readers pass it (Short, Integer or Long). */
    Object integerKeyValue(long key) {
        return switch (keyTypes[0].kind()) {
            case SMALLINT -> (short) key;
            case INTEGER -> (int) key;
            default -> key;
        };
    }

    /** The key's hash; {@link #keyRest()} then has the rest of its 128 bits. */
    long keyHash(Object[] key) {
        return keys.hash(key);
    }

    long keyRest() {
        return keys.rest();
    }

    Object[] keyOf(Object[] row) {
        Object[] key = new Object[keyIndexes.length];
        for (int i = 0; i < key.length; i++) {
            key[i] = row[keyIndexes[i]];
        }
        return key;
    }
}
