package io.datasurface.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** With {@link SharedInstancesFirstIT}: two test classes get the very same broker and server. */
@ExtendWith({KafkaExtension.class, PostgresExtension.class})
class SharedInstancesSecondIT {

    EmbeddedKafka kafka;
    EmbeddedPostgresServer postgres;

    @Test
    void fieldInjectionGetsTheSharedInstances() {
        assertThat(kafka).isNotNull();
        assertThat(postgres.version()).isEqualTo(PostgresVersion.V17);
        Sightings.assertSameAsFirstSeen("kafka", kafka, kafka.port());
        Sightings.assertSameAsFirstSeen("postgres17", postgres, postgres.port());
    }
}
