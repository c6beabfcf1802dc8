package io.datasurface.kafka;

import io.datasurface.model.event.Topics;
import io.datasurface.model.fault.DatasurfaceException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

/**
 * Makes the system's topics as {@link KafkaTopics} says, or checks them. What the services rely on is checked
 * on every topic at start: the cleanup policy (a compacted state topic that deletes old records would lose
 * streams' states; a graph topic that compacts would lose diffs), that the graph topic keeps records for ever,
 * and that the graph and ingest topics take records of {@link KafkaSettings#MAX_RECORD_BYTES}. When the services
 * manage topics ({@code datasurface.kafka.topics.manage}, the default) a missing topic is made and a wrong setting
 * is set right; otherwise a wrong setting is an error that says what to change, and a missing topic is waited for.
 * Retention of the other topics and partition counts of existing topics are the operator's to choose.
 */
public final class TopicAdmin {
    private static final Logger LOG = Logger.getLogger(TopicAdmin.class);
    private static final int TIMEOUT_SECONDS = 15;

    private TopicAdmin() {
    }

    /**
     * Makes or checks the topics a service uses.
     *
     * @throws DatasurfaceException when a topic has a setting the services cannot work with and they may not
     *                              change it (not retriable), or when Kafka does not answer (retriable)
     */
    public static void ensure(KafkaSettings kafka, Collection<String> names, String clientId) {
        KafkaSettings.TopicSettings topics = kafka.topics();
        List<TopicSpec> specs = KafkaTopics.of(List.copyOf(names), topics.partitions());
        Properties props = kafka.common(clientId + "-topics");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(TIMEOUT_SECONDS * 1000));
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Integer.toString(TIMEOUT_SECONDS * 1000));
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            List<TopicSpec> missing = specs.stream().filter(t -> !existing.contains(t.name())).toList();
            if (!missing.isEmpty()) {
                if (topics.manage()) {
                    create(admin, missing, topics.replicationFactor());
                } else {
                    LOG.infof("waiting for topics %s, which the services do not make here "
                            + "(datasurface.kafka.topics.manage=false)", missing.stream().map(TopicSpec::name).toList());
                }
            }
            List<TopicSpec> present = specs.stream().filter(t -> existing.contains(t.name())).toList();
            if (!present.isEmpty()) {
                check(admin, present, topics.manage());
            }
        } catch (ExecutionException e) {
            throw KafkaFaults.of("making or checking the topics", e.getCause());
        } catch (TimeoutException e) {
            throw new DatasurfaceException("Kafka at " + kafka.bootstrapServers() + " did not answer within "
                    + TIMEOUT_SECONDS + " s while the topics were checked", true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatasurfaceException("interrupted while the topics were checked", true, e);
        } catch (KafkaException e) {
            throw KafkaFaults.of("making or checking the topics", e);
        }
    }

    private static void create(Admin admin, List<TopicSpec> missing, Optional<Short> replicationFactor)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<NewTopic> news = missing.stream().map(t -> new NewTopic(t.name(), Optional.of(t.partitions()),
                replicationFactor).configs(t.configs())).toList();
        var result = admin.createTopics(news);
        for (TopicSpec t : missing) {
            try {
                result.values().get(t.name()).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                LOG.infof("made topic %s: %d partitions, %s", t.name(), t.partitions(), t.configs());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) { // made meanwhile by another service: checked next time
                    throw e;
                }
            }
        }
    }

    private static void check(Admin admin, List<TopicSpec> present, boolean manage)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<ConfigResource, TopicSpec> byResource = new HashMap<>();
        present.forEach(t -> byResource.put(new ConfigResource(ConfigResource.Type.TOPIC, t.name()), t));
        Map<ConfigResource, Config> configs = admin.describeConfigs(byResource.keySet()).all()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Map<ConfigResource, Collection<AlterConfigOp>> fixes = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (var e : byResource.entrySet()) {
            TopicSpec spec = e.getValue();
            for (var required : required(spec).entrySet()) {
                ConfigEntry actual = configs.get(e.getKey()).get(required.getKey());
                String value = actual == null ? null : actual.value();
                if (!acceptable(required.getKey(), value, required.getValue())) {
                    problems.add("topic " + spec.name() + " has " + required.getKey() + "=" + value + ", it must be "
                            + required.getValue());
                    fixes.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(new AlterConfigOp(
                            new ConfigEntry(required.getKey(), required.getValue()), AlterConfigOp.OpType.SET));
                }
            }
        }
        if (problems.isEmpty()) {
            return;
        }
        if (!manage) {
            throw new DatasurfaceException(String.join("; ", problems) + ". Change the topic settings (kafka-configs.sh"
                    + " --alter --entity-type topics ... --add-config ...), or let the services manage their topics"
                    + " (datasurface.kafka.topics.manage=true)", false);
        }
        admin.incrementalAlterConfigs(fixes).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        problems.forEach(p -> LOG.warnf("%s: set right", p));
    }

    /** The settings of a topic that the services cannot work without. */
    static Map<String, String> required(TopicSpec spec) {
        Map<String, String> all = spec.configs();
        Map<String, String> out = new HashMap<>();
        out.put("cleanup.policy", all.get("cleanup.policy"));
        if (!spec.compacted() && spec.retention().isEmpty()) {
            out.put("retention.ms", "-1");
        }
        if (spec.name().equals(Topics.GRAPH)
                || spec.name().equals(Topics.INGEST)) {
            out.put("max.message.bytes", all.get("max.message.bytes"));
        }
        return out;
    }

    private static boolean acceptable(String key, String actual, String required) {
        if (actual == null) {
            return false;
        }
        if (key.equals("max.message.bytes")) {
            try {
                return Long.parseLong(actual) >= Long.parseLong(required);
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return actual.equals(required);
    }
}
