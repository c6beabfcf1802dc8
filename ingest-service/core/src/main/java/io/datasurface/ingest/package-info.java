/**
 * Source readers of the ingest-service: they read an ingestion stream's source tables over JDBC and
 * write batches into a {@link io.datasurface.model.batch.BatchSink}.
 *
 * <ul>
 *   <li>{@link io.datasurface.ingest.snapshot.SnapshotReader}: FULL batches, a consistent snapshot of
 *       all datasets, in restartable chunks;</li>
 *   <li>{@link io.datasurface.ingest.watermark.WatermarkReader}: DELTA batches of the rows whose
 *       watermark column moved since the previous batch;</li>
 *   <li>{@code jdbc}: what both share — source table resolution and type checks, value reading and
 *       binding, the keyset scan and the one class holding SQL text.</li>
 * </ul>
 */
package io.datasurface.ingest;
