package io.datasurface.model.batch;

/**
 * Where a reader writes the rows of one batch. Readers are written once against this interface; the
 * merge engine implements it for {@code datasurface run-job} (rows go to staging tables) and the
 * ingest-service with a transactional Kafka producer.
 *
 * <p>Values are given in the dataset's column order (as in the pipeline graph), as these Java types,
 * by column type: boolean {@code Boolean}; smallint {@code Short}; integer {@code Integer}; bigint
 * {@code Long}; real {@code Float}; double {@code Double}; decimal {@code BigDecimal}, or a
 * {@code Double} for numeric's {@code NaN}, {@code Infinity} and {@code -Infinity}; char, varchar
 * and text {@code String}; date {@code LocalDate}; time {@code LocalTime}; timestamp
 * {@code LocalDateTime}; timestamptz {@code OffsetDateTime}; uuid {@code UUID}; bytea {@code byte[]};
 * json, jsonb, interval, inet, cidr, macaddr, macaddr8, timetz, bit, varbit, xml, arrays and enums a
 * {@code String} holding PostgreSQL's text form of the value (as {@code value::text} gives it, with
 * the default {@code IntervalStyle} of postgres); and {@code null} for SQL NULL.
 *
 * <p>Nothing written is durable until {@link #checkpoint}: a sink makes the rows written since the
 * previous checkpoint and the restart point durable together, or neither.
 */
public interface BatchSink {

    /** A row of a FULL snapshot, or an inserted or updated row of a DELTA batch. */
    void row(String dataset, Object[] values);

    /**
     * A deleted row of a DELTA batch. Only the primary-key values need to be set; the other values
     * may be null.
     */
    void delete(String dataset, Object[] values);

    /**
     * Makes everything written so far durable together with {@code restartPoint}, the reader's
     * opaque position from which a later step resumes reading this batch.
     */
    void checkpoint(String restartPoint);
}
