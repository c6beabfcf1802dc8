package io.datasurface.deploy.kubernetes;

import static io.datasurface.deploy.kubernetes.Manifests.list;
import static io.datasurface.deploy.kubernetes.Manifests.podSpec;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The local overlay: what podman 4.3.1's kube play can run. */
class LocalOverlayTest {
    private final Manifests m = ManifestsTest.overlay("local");

    @Test
    void noWorkloadMountsASecretOrAnEmptyDirWhichPodmanGetsWrong() {
        m.workloads().forEach(w -> {
            for (Map<String, Object> v : list(podSpec(w), "volumes")) {
                assertThat(v).as(Manifests.name(w) + " volume " + v.get("name"))
                        .doesNotContainKeys("secret", "projected", "emptyDir");
            }
        });
    }

    @Test
    void kafkaAndPostgresAreLocalPodsTheServicesReachByName() {
        assertThat(m.has("Pod", "kafka")).isTrue();
        assertThat(m.has("Pod", "postgres")).isTrue();
        Map<String, Object> config = Manifests.map(m.find("ConfigMap", "datasurface-config").orElseThrow(), "data");
        assertThat(config).containsEntry("DATASURFACE_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")
                .containsEntry("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://postgres:5432/datasurface");
    }
}
