package io.datasurface.merge.sql;

/** The SQL of a platform's {@code offsets} table: consumed Kafka offsets, stored with the data they brought. */
final class PostgresOffsets {
    private PostgresOffsets() {
    }

    /** Upsert of the next offset, unless the stored one is already past the applied record (then no row changes). */
    static String store(String offsetsTable) {
        return "INSERT INTO " + offsetsTable + " (consumer_group, topic, partition, next_offset, updated_at) "
                + "VALUES (?, ?, ?, ?, clock_timestamp()) ON CONFLICT (consumer_group, topic, partition) DO UPDATE SET "
                + "next_offset = excluded.next_offset, updated_at = excluded.updated_at "
                + "WHERE " + offsetsTable + ".next_offset <= ?";
    }

    static String stored(String offsetsTable) {
        return "SELECT partition, next_offset FROM " + offsetsTable + " WHERE consumer_group = ? AND topic = ?";
    }
}
