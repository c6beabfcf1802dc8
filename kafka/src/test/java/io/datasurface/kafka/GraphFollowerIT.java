package io.datasurface.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasurface.embedded.EmbeddedKafka;
import io.datasurface.embedded.KafkaExtension;
import io.datasurface.model.Milestoning;
import io.datasurface.model.event.BatchCommitted;
import io.datasurface.model.event.BatchKind;
import io.datasurface.model.event.Event;
import io.datasurface.model.event.GraphChanged;
import io.datasurface.model.event.Topics;
import io.datasurface.model.graph.GraphDiff;
import io.datasurface.model.graph.PipelineGraph;
import io.datasurface.model.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaExtension.class)
class GraphFollowerIT {
    static EmbeddedKafka kafka;
    static KafkaSettings settings;

    @BeforeAll
    static void topics() {
        kafka = KafkaExtension.broker();
        settings = KafkaSettings.of(kafka.bootstrapServers());
        kafka.createTopic(Topics.GRAPH, 1);
        kafka.createTopic(Topics.BATCHES, 2);
    }

    /** What a follower handed on, and the records it could not read. */
    static final class Seen implements GraphFollower.Handler {
        final List<Event> events = new ArrayList<>();
        final List<String> unreadable = new ArrayList<>();

        @Override
        public void event(ConsumerRecord<String, String> record, Event event) {
            events.add(event);
        }

        @Override
        public void unreadable(ConsumerRecord<String, String> record, String reason) {
            unreadable.add(record.value());
        }

        List<String> platforms() {
            return events.stream().filter(e -> e instanceof GraphChanged).map(e -> ((GraphChanged) e).platform())
                    .toList();
        }
    }

    private static GraphChanged graph(String platform) {
        PipelineGraph g = new PipelineGraph(platform, "yellow", Milestoning.LIVE_ONLY, platform, null, null, List.of(),
                List.of());
        return new GraphChanged(platform, "v1", "c1", GraphDiff.between(null, g), Instant.now());
    }

    private static void publish(String topic, String key, String value) throws Exception {
        try (KafkaProducer<String, String> p = new KafkaProducer<>(settings.producer("graph-follower-it"))) {
            p.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    @Test
    void everyGraphPublishedBeforeItStartedIsReadBeforeItSaysItCaughtUp() throws Exception {
        String a = "p" + UUID.randomUUID().toString().substring(0, 8);
        String b = "q" + UUID.randomUUID().toString().substring(0, 8);
        publish(Topics.GRAPH, a, Json.write(graph(a)));
        publish(Topics.GRAPH, b, Json.write(graph(b)));
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(settings.consumer("it"))) {
            GraphFollower follower = new GraphFollower(consumer);
            assertThat(follower.awaitTopics(new CountDownLatch(1))).isTrue();
            follower.assign();
            Seen seen = new Seen();
            follower.catchUp(Duration.ofMillis(200), seen, new CountDownLatch(1));

            assertThat(follower.caughtUp()).isTrue();
            assertThat(seen.platforms()).containsSubsequence(a, b);
        }
    }

    @Test
    void otherTopicsAreReadFromTheirEndAsOfAssignmentAndGraphsPublishedLaterAreFollowed() throws Exception {
        String before = "before-" + UUID.randomUUID();
        publish(Topics.BATCHES, before, Json.write(committed(before)));
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(settings.consumer("it"))) {
            GraphFollower follower = new GraphFollower(consumer, Map.of(Topics.BATCHES, GraphFollower.From.END),
                    Set.of());
            follower.awaitTopics(new CountDownLatch(1));
            follower.assign();
            Seen seen = new Seen();
            follower.catchUp(Duration.ofMillis(200), seen, new CountDownLatch(1));
            String after = "after-" + UUID.randomUUID();
            String later = "r" + UUID.randomUUID().toString().substring(0, 8);
            publish(Topics.BATCHES, after, Json.write(committed(after)));
            publish(Topics.GRAPH, later, Json.write(graph(later)));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!(streams(seen).contains(after) && seen.platforms().contains(later)) && System.nanoTime() < deadline) {
                follower.poll(Duration.ofMillis(200), seen);
            }

            assertThat(streams(seen)).contains(after).doesNotContain(before);
            assertThat(seen.platforms()).contains(later);
        }
    }

    @Test
    void aRecordThatHoldsNoEventIsHandedOnAsUnreadableAndTheOthersStillArrive() throws Exception {
        String p = "s" + UUID.randomUUID().toString().substring(0, 8);
        publish(Topics.GRAPH, p, "{\"type\":\"NoSuchEvent\"}");
        publish(Topics.GRAPH, p, "not json at all " + p);
        publish(Topics.GRAPH, p, Json.write(graph(p)));
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(settings.consumer("it"))) {
            GraphFollower follower = new GraphFollower(consumer);
            follower.awaitTopics(new CountDownLatch(1));
            follower.assign();
            Seen seen = new Seen();
            follower.catchUp(Duration.ofMillis(200), seen, new CountDownLatch(1));

            assertThat(seen.unreadable).contains("not json at all " + p);
            assertThat(seen.platforms()).contains(p);
        }
    }

    @Test
    void waitingForATopicThatDoesNotExistEndsWhenTheServiceStops() throws Exception {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(settings.consumer("it"))) {
            GraphFollower follower = new GraphFollower(consumer, Map.of(), Set.of("missing-" + UUID.randomUUID()));
            CountDownLatch stopped = new CountDownLatch(1);
            stopped.countDown();

            assertThat(follower.awaitTopics(stopped)).isFalse();
        }
    }

    private static BatchCommitted committed(String stream) {
        return new BatchCommitted("p", stream, 1, BatchKind.FULL, List.of(), null, Instant.now(), Instant.now());
    }

    private static List<String> streams(Seen seen) {
        return seen.events.stream().filter(e -> e instanceof BatchCommitted).map(e -> ((BatchCommitted) e).stream())
                .toList();
    }
}
