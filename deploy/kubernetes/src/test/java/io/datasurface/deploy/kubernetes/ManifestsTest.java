package io.datasurface.deploy.kubernetes;

import static io.datasurface.deploy.kubernetes.Manifests.containers;
import static io.datasurface.deploy.kubernetes.Manifests.list;
import static io.datasurface.deploy.kubernetes.Manifests.map;
import static io.datasurface.deploy.kubernetes.Manifests.name;
import static io.datasurface.deploy.kubernetes.Manifests.podSpec;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Both overlays rendered with {@code kubectl kustomize}: what the workloads need is there, and holds together. */
class ManifestsTest {
    /** The services, their HTTP ports ({@code quarkus.http.port}) and workload kinds. */
    static final Map<String, Integer> PORTS = Map.of("model-service", 8081, "ingest-service", 8082,
            "merge-service", 8083, "view-service", 8084);

    private static final Map<String, Manifests> RENDERED = new ConcurrentHashMap<>();

    static Manifests overlay(String name) {
        return RENDERED.computeIfAbsent(name, n -> {
            try {
                return Kustomize.render(Path.of("overlays", n));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"production", "local"})
    void everySecretConfigMapAndVolumeAWorkloadNamesIsThere(String overlay) {
        Manifests m = overlay(overlay);
        Set<String> secretsOperatorsMake = secretsOperatorsMake(m);
        List<String> missing = new ArrayList<>();
        m.workloads().forEach(w -> {
            String who = w.get("kind") + " " + name(w) + ": ";
            for (Map<String, Object> v : list(podSpec(w), "volumes")) {
                ref(m, missing, who, "Secret", (String) map(v, "secret").get("secretName"), secretsOperatorsMake);
                ref(m, missing, who, "ConfigMap", (String) map(v, "configMap").get("name"), Set.of());
                ref(m, missing, who, "PersistentVolumeClaim",
                        (String) map(v, "persistentVolumeClaim").get("claimName"), Set.of());
                for (Map<String, Object> s : list(map(v, "projected"), "sources")) {
                    ref(m, missing, who, "Secret", (String) map(s, "secret").get("name"), secretsOperatorsMake);
                    ref(m, missing, who, "ConfigMap", (String) map(s, "configMap").get("name"), Set.of());
                }
            }
            for (Map<String, Object> c : containers(w)) {
                for (Map<String, Object> e : list(c, "envFrom")) {
                    ref(m, missing, who, "ConfigMap", (String) map(e, "configMapRef").get("name"), Set.of());
                    ref(m, missing, who, "Secret", (String) map(e, "secretRef").get("name"), secretsOperatorsMake);
                }
                for (Map<String, Object> e : list(c, "env")) {
                    Map<String, Object> from = map(e, "valueFrom");
                    ref(m, missing, who, "ConfigMap", (String) map(from, "configMapKeyRef").get("name"), Set.of());
                    ref(m, missing, who, "Secret", (String) map(from, "secretKeyRef").get("name"),
                            secretsOperatorsMake);
                }
            }
        });
        assertThat(missing).as("references to resources the " + overlay + " overlay does not hold").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"production", "local"})
    void everyServiceSelectsPodsWithItsTargetPort(String overlay) {
        Manifests m = overlay(overlay);
        m.ofKind("Service").forEach(s -> {
            Map<String, Object> selector = map(map(s, "spec"), "selector");
            List<Map<String, Object>> pods = m.workloads()
                    .filter(w -> Manifests.podLabels(w).entrySet().containsAll(selector.entrySet())).toList();
            assertThat(pods).as("pods of Service " + name(s)).isNotEmpty();
            for (Map<String, Object> port : list(map(s, "spec"), "ports")) {
                Object target = port.getOrDefault("targetPort", port.get("port"));
                for (Map<String, Object> w : pods) {
                    assertThat(hasPort(w, target)).as("Service " + name(s) + " targets port " + target + " of "
                            + name(w)).isTrue();
                }
            }
        });
        m.ofKind("StatefulSet").forEach(st -> assertThat(m.has("Service", (String) map(st, "spec").get("serviceName")))
                .as("the governing Service of StatefulSet " + name(st)).isTrue());
        m.ofKind("Ingress").forEach(i -> {
            for (Map<String, Object> rule : list(map(i, "spec"), "rules")) {
                for (Map<String, Object> path : list(map(rule, "http"), "paths")) {
                    Map<String, Object> svc = map(map(path, "backend"), "service");
                    Map<String, Object> target = m.find("Service", (String) svc.get("name")).orElseThrow(
                            () -> new AssertionError("Ingress " + name(i) + " names no Service: " + svc));
                    Object number = map(svc, "port").get("number");
                    assertThat(list(map(target, "spec"), "ports")).as("Ingress " + name(i) + " port")
                            .anyMatch(p -> p.get("port").equals(number));
                }
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"production", "local"})
    void eachServiceIsProbedOnItsHealthEndpointsAndScraped(String overlay) {
        Manifests m = overlay(overlay);
        PORTS.forEach((service, port) -> {
            Map<String, Object> w = workload(m, service);
            Map<String, Object> c = container(w, service);
            assertThat(list(c, "ports")).as(service + " container port")
                    .anyMatch(p -> port.equals(p.get("containerPort")));
            assertProbe(service, map(c, "readinessProbe"), "/q/health/ready", port, w);
            assertProbe(service, map(c, "livenessProbe"), "/q/health/live", port, w);
            assertThat(map(c, "resources")).as(service + " resources").containsKey("requests");
            assertThat(Manifests.podAnnotations(w)).as(service + " Prometheus annotations")
                    .containsEntry("prometheus.io/scrape", "true").containsEntry("prometheus.io/port", port.toString())
                    .containsEntry("prometheus.io/path", "/q/metrics");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"production", "local"})
    void everythingRunsAsANonRootUserAndTheServicesOnAReadOnlyRoot(String overlay) {
        Manifests m = overlay(overlay);
        m.workloads().forEach(w -> {
            boolean pod = Boolean.TRUE.equals(map(podSpec(w), "securityContext").get("runAsNonRoot"));
            boolean each = containers(w).stream()
                    .allMatch(c -> Boolean.TRUE.equals(map(c, "securityContext").get("runAsNonRoot")));
            assertThat(pod || each).as("runAsNonRoot of " + w.get("kind") + " " + name(w)).isTrue();
        });
        PORTS.keySet().forEach(service -> {
            Map<String, Object> w = workload(m, service);
            assertThat(map(podSpec(w), "securityContext")).as(service).containsEntry("runAsUser", 1001);
            Map<String, Object> c = container(w, service);
            assertThat(map(c, "securityContext")).as(service).containsEntry("readOnlyRootFilesystem", true);
            assertThat(list(c, "volumeMounts")).as(service + ": a writable /tmp")
                    .anyMatch(v -> "/tmp".equals(v.get("mountPath")));
        });
        Map<String, Object> model = container(workload(m, "model-service"), "model-service");
        String modelsDir = env(model, "DATASURFACE_MODEL_SERVICE_MODELS_DIR");
        assertThat(list(model, "volumeMounts")).as("the model versions (and Kafka Streams' state) on a volume")
                .anyMatch(v -> modelsDir.equals(v.get("mountPath")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"production", "local"})
    void ingestAndMergeInstancesAreNamedByTheirStatefulSetPods(String overlay) {
        Manifests m = overlay(overlay);
        for (String service : List.of("ingest-service", "merge-service")) {
            Map<String, Object> w = m.find("StatefulSet", service)
                    .orElseThrow(() -> new AssertionError(service + " is not a StatefulSet"));
            String key = "DATASURFACE_" + service.toUpperCase().replace('-', '_') + "_INSTANCE";
            Map<String, Object> instance = list(container(w, service), "env").stream()
                    .filter(e -> key.equals(e.get("name"))).findFirst()
                    .orElseThrow(() -> new AssertionError(service + " has no " + key));
            assertThat(map(map(instance, "valueFrom"), "fieldRef")).containsEntry("fieldPath", "metadata.name");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"production", "local"})
    void theImagesAreTheProjectsAtItsVersion(String overlay) {
        Manifests m = overlay(overlay);
        String registry = overlay.equals("local") ? "localhost/" : "";
        PORTS.keySet().forEach(service -> assertThat(container(workload(m, service), service).get("image"))
                .isEqualTo(registry + "datasurface/" + service + ":0.1.0-SNAPSHOT"));
    }

    static Map<String, Object> workload(Manifests m, String service) {
        return m.workloads().filter(w -> service.equals(name(w))).findFirst()
                .orElseThrow(() -> new AssertionError("no workload " + service));
    }

    static Map<String, Object> container(Map<String, Object> workload, String name) {
        return containers(workload).stream().filter(c -> name.equals(c.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no container " + name + " in " + name(workload)));
    }

    static String env(Map<String, Object> container, String key) {
        return list(container, "env").stream().filter(e -> key.equals(e.get("name")))
                .map(e -> (String) e.get("value")).findFirst()
                .orElseThrow(() -> new AssertionError(container.get("name") + " has no " + key));
    }

    private static void assertProbe(String service, Map<String, Object> probe, String path, int port,
                                    Map<String, Object> workload) {
        Map<String, Object> get = map(probe, "httpGet");
        assertThat(get.get("path")).as(service + " probe path").isEqualTo(path);
        Object p = get.get("port");
        assertThat(hasPort(workload, p)).as(service + ": the probe's port " + p + " is a container port").isTrue();
        Object number = containers(workload).stream().flatMap(c -> list(c, "ports").stream())
                .filter(cp -> p.equals(cp.get("name"))).map(cp -> cp.get("containerPort")).findFirst().orElse(p);
        assertThat(number).as(service + " probes its own port").isEqualTo(port);
    }

    /** Whether a container of the workload has this port, by number or by name. */
    private static boolean hasPort(Map<String, Object> workload, Object port) {
        return containers(workload).stream().flatMap(c -> list(c, "ports").stream())
                .anyMatch(p -> port.equals(p.get("containerPort")) || port.equals(p.get("name")));
    }

    private static void ref(Manifests m, List<String> missing, String who, String kind, String name,
                            Set<String> madeElsewhere) {
        if (name != null && !m.has(kind, name) && !madeElsewhere.contains(name)) {
            missing.add(who + kind + " " + name);
        }
    }

    /** Secrets the operators make from resources in the output: Strimzi's per KafkaUser and cluster CA. */
    private static Set<String> secretsOperatorsMake(Manifests m) {
        Set<String> s = new HashSet<>();
        m.ofKind("KafkaUser").forEach(u -> s.add(name(u)));
        m.ofKind("Kafka").forEach(k -> s.add(name(k) + "-cluster-ca-cert"));
        return s;
    }
}
