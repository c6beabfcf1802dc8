package io.datasurface.embedded;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Server properties of a single-node KRaft broker (broker and controller in one process) on
 * 127.0.0.1, with every replication factor at 1 so that transactions and consumer groups work.
 */
final class KafkaBrokerProperties {

    static final int NODE_ID = 1;
    static final String CONTROLLER_LISTENER = "CONTROLLER";
    static final String BROKER_LISTENER = "PLAINTEXT";
    static final String HOST = "127.0.0.1";

    /** Internal topics get few partitions: one node, and creating 50 partitions costs start-up time. */
    private static final String INTERNAL_TOPIC_PARTITIONS = "4";

    private KafkaBrokerProperties() {
    }

    /**
     * The listener properties with more client listeners besides the PLAINTEXT one (which stays the
     * inter-broker listener).
     */
    static Map<String, String> withListeners(int brokerPort, int controllerPort, Map<String, String> protocols,
                                             Map<String, Integer> ports) {
        StringBuilder listeners = new StringBuilder(BROKER_LISTENER + "://" + HOST + ":" + brokerPort
                + "," + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
        StringBuilder advertised = new StringBuilder(BROKER_LISTENER + "://" + HOST + ":" + brokerPort);
        StringBuilder map = new StringBuilder(BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        protocols.forEach((name, protocol) -> {
            listeners.append(',').append(name).append("://").append(HOST).append(':').append(ports.get(name));
            advertised.append(',').append(name).append("://").append(HOST).append(':').append(ports.get(name));
            map.append(',').append(name).append(':').append(protocol);
        });
        return Map.of("listeners", listeners.toString(), "advertised.listeners", advertised.toString(),
                "listener.security.protocol.map", map.toString());
    }

    static Properties of(Path logDir, int brokerPort, int controllerPort, Map<String, String> overrides) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        p.put("listeners", BROKER_LISTENER + "://" + HOST + ":" + brokerPort
                + "," + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", BROKER_LISTENER + "://" + HOST + ":" + brokerPort);
        p.put("listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", BROKER_LISTENER);
        p.put("log.dirs", logDir.toAbsolutePath().toString());

        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", INTERNAL_TOPIC_PARTITIONS);
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", INTERNAL_TOPIC_PARTITIONS);
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("share.coordinator.state.topic.num.partitions", INTERNAL_TOPIC_PARTITIONS);
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("group.initial.rebalance.delay.ms", "0");

        // The log cleaner reserves 128 MB by default; an embedded broker needs far less.
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024));

        p.putAll(overrides);
        return p;
    }
}
