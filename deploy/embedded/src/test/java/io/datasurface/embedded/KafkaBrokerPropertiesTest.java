package io.datasurface.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

class KafkaBrokerPropertiesTest {

    private final Properties props = KafkaBrokerProperties.of(Path.of("/tmp/k"), 9092, 9093, Map.of("num.partitions", "3"));

    @Test
    void singleNodeKraftOnLoopback() {
        assertThat(props)
                .containsEntry("process.roles", "broker,controller")
                .containsEntry("controller.quorum.voters", "1@127.0.0.1:9093")
                .containsEntry("listeners", "PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093")
                .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:9092")
                .containsEntry("log.dirs", Path.of("/tmp/k").toAbsolutePath().toString());
    }

    @Test
    void transactionsWorkOnOneNode() {
        assertThat(props)
                .containsEntry("transaction.state.log.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1")
                .containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("share.coordinator.state.topic.replication.factor", "1")
                .containsEntry("group.initial.rebalance.delay.ms", "0");
    }

    @Test
    void overridesWin() {
        assertThat(props).containsEntry("num.partitions", "3");
    }
}
