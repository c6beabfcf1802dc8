package io.datasurface.deploy.kubernetes;

import static io.datasurface.deploy.kubernetes.Manifests.list;
import static io.datasurface.deploy.kubernetes.Manifests.map;
import static io.datasurface.deploy.kubernetes.Manifests.name;
import static org.assertj.core.api.Assertions.assertThat;

import io.datasurface.kafka.KafkaTopics;
import io.datasurface.kafka.TopicSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The production overlay: Strimzi's topics and users, the CloudNativePG merge store. */
class ProductionOverlayTest {
    private final Manifests m = ManifestsTest.overlay("production");

    @Test
    void theRenderedKafkaTopicsAreKafkaTopics() {
        Map<String, String> expected = new TreeMap<>();
        for (TopicSpec t : KafkaTopics.ALL) {
            expected.put(t.name(), t.partitions() + " " + new TreeMap<>(t.configs()));
        }
        Map<String, String> rendered = new TreeMap<>();
        m.ofKind("KafkaTopic").forEach(t -> {
            Map<String, Object> spec = map(t, "spec");
            Map<String, String> config = new TreeMap<>();
            map(spec, "config").forEach((k, v) -> config.put(k, String.valueOf(v)));
            rendered.put((String) spec.get("topicName"), spec.get("partitions") + " " + config);
        });
        assertThat(rendered).isEqualTo(expected);
    }

    @Test
    void topicsAndUsersBelongToTheKafkaClusterOfTheOverlay() {
        String cluster = m.ofKind("Kafka").map(Manifests::name).findFirst().orElseThrow();
        assertThat(cluster).isEqualTo(TopicManifests.CLUSTER);
        assertThat(m.ofKind("KafkaNodePool")).isNotEmpty();
        for (String kind : new String[] {"KafkaTopic", "KafkaUser", "KafkaNodePool"}) {
            m.ofKind(kind).forEach(r -> assertThat(map(map(r, "metadata"), "labels"))
                    .as(kind + " " + name(r)).containsEntry("strimzi.io/cluster", cluster));
        }
    }

    @Test
    void eachServiceHasAKafkaUserWhoseAclsNameOnlyTopicsThatExist() {
        for (String service : ManifestsTest.PORTS.keySet()) {
            Map<String, Object> user = m.find("KafkaUser", "datasurface-" + service)
                    .orElseThrow(() -> new AssertionError("no KafkaUser for " + service));
            assertThat(map(map(user, "spec"), "authentication")).containsEntry("type", "scram-sha-512");
            Map<String, Object> acls = map(map(user, "spec"), "authorization");
            for (Map<String, Object> acl : list(acls, "acls")) {
                Map<String, Object> r = map(acl, "resource");
                if ("topic".equals(r.get("type")) && "literal".equals(r.get("patternType"))) {
                    assertThat(KafkaTopics.NAMES).as("a topic of the ACLs of " + service)
                            .contains((String) r.get("name"));
                }
            }
        }
    }

    @Test
    void theServicesUseTheOperatorsKafkaAndMergeStore() {
        Map<String, Object> config = map(m.find("ConfigMap", "datasurface-config").orElseThrow(), "data");
        String cluster = TopicManifests.CLUSTER;
        assertThat(config).containsEntry("DATASURFACE_KAFKA_BOOTSTRAP_SERVERS", cluster + "-kafka-bootstrap:9093")
                .containsEntry("DATASURFACE_KAFKA_TOPICS_MANAGE", "false");
        Map<String, Object> store = m.find("Cluster", "merge-store").orElseThrow();
        assertThat((String) config.get("QUARKUS_DATASOURCE_JDBC_URL")).startsWith("jdbc:postgresql://"
                + name(store) + "-rw:5432/");
        String secret = (String) map(map(map(map(store, "spec"), "bootstrap"), "initdb"), "secret").get("name");
        assertThat(m.has("Secret", secret)).as("the merge store's login").isTrue();
        Map<String, String> listeners = list(map(map(m.find("Kafka", cluster).orElseThrow(), "spec"), "kafka"),
                "listeners").stream().collect(Collectors.toMap(l -> String.valueOf(l.get("port")),
                        l -> String.valueOf(map(l, "authentication").get("type")), (a, b) -> a, LinkedHashMap::new));
        assertThat(listeners).containsEntry("9093", "scram-sha-512");
    }
}
