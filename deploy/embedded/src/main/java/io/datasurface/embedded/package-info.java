/**
 * Real infrastructure in or next to the JVM, for tests and for local use: an Apache Kafka broker
 * ({@link io.datasurface.embedded.EmbeddedKafka}) and PostgreSQL 15/16/17 servers
 * ({@link io.datasurface.embedded.EmbeddedPostgresServer}).
 *
 * <p>Tests get one broker and one server per PostgreSQL version for the whole JVM through
 * {@link io.datasurface.embedded.KafkaExtension} and {@link io.datasurface.embedded.PostgresExtension}.
 * Every start failure is an unchecked {@link io.datasurface.embedded.EmbeddedStartException} that
 * says what to do.
 */
package io.datasurface.embedded;
