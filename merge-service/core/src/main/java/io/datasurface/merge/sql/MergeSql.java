package io.datasurface.merge.sql;

/**
 * A merge statement and how many times the batch id is bound in it (every {@code ?} is the batch id).
 * Running it returns one row: inserted, updated, deleted.
 */
public record MergeSql(String text, int batchIdParameters) {
}
