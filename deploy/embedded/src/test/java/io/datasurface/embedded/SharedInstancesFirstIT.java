package io.datasurface.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** With {@link SharedInstancesSecondIT}: two test classes get the very same broker and server. */
@ExtendWith({KafkaExtension.class, PostgresExtension.class})
class SharedInstancesFirstIT {

    private final EmbeddedKafka kafka;
    private final EmbeddedPostgresServer postgres;

    SharedInstancesFirstIT(EmbeddedKafka kafka, EmbeddedPostgresServer postgres) {
        this.kafka = kafka;
        this.postgres = postgres;
    }

    @Test
    void constructorInjectionGetsTheSharedInstances(EmbeddedKafka sameKafka, EmbeddedPostgresServer samePostgres) {
        assertThat(sameKafka).isSameAs(kafka).isSameAs(KafkaExtension.broker());
        assertThat(samePostgres).isSameAs(postgres).isSameAs(PostgresExtension.server(PostgresVersion.V17));
        Sightings.assertSameAsFirstSeen("kafka", kafka, kafka.port());
        Sightings.assertSameAsFirstSeen("postgres17", postgres, postgres.port());
    }
}
