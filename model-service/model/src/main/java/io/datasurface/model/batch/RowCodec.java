package io.datasurface.model.batch;

import io.datasurface.model.graph.ColumnSpec;
import io.datasurface.model.type.SqlType;
import io.datasurface.model.type.TypeKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * The rows of a {@code RowChunk}: a compact binary form of one dataset's rows, deflated. Each row is an
 * operation byte ({@code U}: a snapshot row, insert or update; {@code D}: a delete), a bitmap of its
 * NULL columns, then each non-NULL value in column order, typed by the column (the Java types of
 * {@link BatchSink}). Values round-trip exactly, including PostgreSQL's infinite dates and timestamps
 * (the MAX and MIN of the Java types), numeric's NaN and infinities (a Double), a timestamptz's offset, and
 * the text forms of the kinds {@link TypeKind#carriedAsText() carried as text}.
 */
public final class RowCodec {
    /** The {@code codec} a RowChunk names for this form. */
    public static final String CODEC = "ds-rows-1+deflate";
    public static final byte UPSERT = 'U';
    public static final byte DELETE = 'D';

    /** The scale that marks a decimal as one of numeric's special values, written as a double. */
    private static final int SPECIAL_DECIMAL = Integer.MIN_VALUE;

    private final TypeKind[] kinds;

    public RowCodec(List<ColumnSpec> columns) {
        this.kinds = columns.stream().map(c -> SqlType.parse(c.type()).type().kind()).toArray(TypeKind[]::new);
    }

    /** Receives decoded rows. */
    @FunctionalInterface
    public interface RowHandler {
        void row(byte op, Object[] values);
    }

    /** Collects rows for one chunk. Not thread-safe. */
    public final class Encoder {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
        private final DataOutputStream out;
        private final Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        private int rows;

        Encoder() {
            out = new DataOutputStream(new DeflaterOutputStream(bytes, deflater, 1 << 16));
        }

        public void add(byte op, Object[] values) {
            if (values.length != kinds.length) {
                throw new IllegalArgumentException("a row of " + values.length + " values for " + kinds.length
                        + " columns");
            }
            try {
                out.writeByte(op);
                byte[] nulls = new byte[(kinds.length + 7) / 8];
                for (int i = 0; i < kinds.length; i++) {
                    if (values[i] == null) {
                        nulls[i / 8] |= (byte) (1 << (i % 8));
                    }
                }
                out.write(nulls);
                for (int i = 0; i < kinds.length; i++) {
                    if (values[i] != null) {
                        write(kinds[i], values[i]);
                    }
                }
                rows++;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (ClassCastException e) {
                throw new IllegalArgumentException("a value does not have the Java type of its column: " + e.getMessage(),
                        e);
            }
        }

        public int rows() {
            return rows;
        }

        /** Bytes of rows added so far, before compression. */
        public int rawBytes() {
            return out.size();
        }

        /** The chunk's payload; the encoder cannot be used after. */
        public byte[] finish() {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                deflater.end();
            }
            return bytes.toByteArray();
        }

        private void write(TypeKind kind, Object v) throws IOException {
            switch (kind) {
                case BOOLEAN -> out.writeBoolean((Boolean) v);
                case SMALLINT -> out.writeShort((Short) v);
                case INTEGER -> out.writeInt((Integer) v);
                case BIGINT -> out.writeLong((Long) v);
                case REAL -> out.writeFloat((Float) v);
                case DOUBLE -> out.writeDouble((Double) v);
                case DECIMAL -> {
                    if (v instanceof Double special) { // numeric's NaN, Infinity or -Infinity
                        out.writeInt(SPECIAL_DECIMAL);
                        out.writeDouble(special);
                        return;
                    }
                    BigDecimal d = (BigDecimal) v;
                    out.writeInt(d.scale());
                    bytes(d.unscaledValue().toByteArray());
                }
                case DATE -> out.writeLong(((LocalDate) v).toEpochDay());
                case TIME -> out.writeLong(((LocalTime) v).toNanoOfDay());
                case TIMESTAMP -> localDateTime((LocalDateTime) v);
                case TIMESTAMPTZ -> {
                    OffsetDateTime t = (OffsetDateTime) v;
                    localDateTime(t.toLocalDateTime());
                    out.writeInt(t.getOffset().getTotalSeconds());
                }
                case UUID -> {
                    UUID u = (UUID) v;
                    out.writeLong(u.getMostSignificantBits());
                    out.writeLong(u.getLeastSignificantBits());
                }
                case BYTEA -> bytes((byte[]) v);
                default -> {
                    if (!kind.isStringValued()) {
                        throw new IllegalStateException("no encoding for " + kind);
                    }
                    bytes(((String) v).getBytes(StandardCharsets.UTF_8));
                }
            }
        }

        private void localDateTime(LocalDateTime t) throws IOException {
            out.writeLong(t.toEpochSecond(ZoneOffset.UTC));
            out.writeInt(t.getNano());
        }

        private void bytes(byte[] b) throws IOException {
            out.writeInt(b.length);
            out.write(b);
        }
    }

    public Encoder encoder() {
        return new Encoder();
    }

    /**
     * Decodes a payload, row by row.
     *
     * @return the number of rows
     * @throws IllegalArgumentException when the payload is not rows of these columns (truncated or corrupt)
     */
    public int decode(byte[] payload, RowHandler handler) {
        Inflater inflater = new Inflater();
        int rows = 0;
        try (DataInputStream in = new DataInputStream(new InflaterInputStream(new ByteArrayInputStream(payload),
                inflater, 1 << 16))) {
            byte[] nulls = new byte[(kinds.length + 7) / 8];
            while (true) {
                int op = in.read();
                if (op < 0) {
                    return rows;
                }
                if (op != UPSERT && op != DELETE) {
                    throw new IllegalArgumentException("row " + rows + " has operation " + op + ", not U or D");
                }
                in.readFully(nulls);
                Object[] values = new Object[kinds.length];
                for (int i = 0; i < kinds.length; i++) {
                    if ((nulls[i / 8] & (1 << (i % 8))) == 0) {
                        values[i] = read(in, kinds[i]);
                    }
                }
                handler.row((byte) op, values);
                rows++;
            }
        } catch (EOFException e) {
            throw new IllegalArgumentException("the rows end in the middle of row " + rows, e);
        } catch (IOException e) {
            throw new IllegalArgumentException("the rows cannot be read after row " + rows + ": " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }

    private static Object read(DataInputStream in, TypeKind kind) throws IOException {
        return switch (kind) {
            case BOOLEAN -> in.readBoolean();
            case SMALLINT -> in.readShort();
            case INTEGER -> in.readInt();
            case BIGINT -> in.readLong();
            case REAL -> in.readFloat();
            case DOUBLE -> in.readDouble();
            case DECIMAL -> {
                int scale = in.readInt();
                yield scale == SPECIAL_DECIMAL ? (Object) in.readDouble() : new BigDecimal(new BigInteger(bytes(in)), scale);
            }
            case CHAR, VARCHAR, TEXT, JSON, JSONB, INTERVAL, INET, CIDR, MACADDR, MACADDR8, TIMETZ, BIT, VARBIT, XML,
                    ARRAY, ENUM -> new String(bytes(in), StandardCharsets.UTF_8);
            case DATE -> LocalDate.ofEpochDay(in.readLong());
            case TIME -> LocalTime.ofNanoOfDay(in.readLong());
            case TIMESTAMP -> LocalDateTime.ofEpochSecond(in.readLong(), in.readInt(), ZoneOffset.UTC);
            case TIMESTAMPTZ -> {
                LocalDateTime local = LocalDateTime.ofEpochSecond(in.readLong(), in.readInt(), ZoneOffset.UTC);
                yield OffsetDateTime.of(local, ZoneOffset.ofTotalSeconds(in.readInt()));
            }
            case UUID -> new UUID(in.readLong(), in.readLong());
            case BYTEA -> bytes(in);
        };
    }

    private static byte[] bytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > (1 << 30)) {
            throw new IOException("a value claims " + n + " bytes");
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }
}
