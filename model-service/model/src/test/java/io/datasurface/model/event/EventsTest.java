package io.datasurface.model.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasurface.model.ModelFixture;
import io.datasurface.model.graph.GraphBuilder;
import io.datasurface.model.graph.GraphDiff;
import io.datasurface.model.lint.Linter;
import io.datasurface.model.problem.Problem;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every event survives its one JSON form, tagged with its type, and readers ignore what they do not know. */
class EventsTest {
    private static final Instant T0 = Instant.parse("2025-03-01T12:34:56.123456789Z");
    private static final Instant T1 = Instant.parse("2025-03-01T12:35:00Z");

    @TempDir
    static Path dir;

    private static GraphDiff diff;
    private static List<Problem> problems;

    /** A real diff (a column added to customers) and real problems (a nullable key column). */
    @BeforeAll
    static void fromModels() {
        var before = ModelFixture.base(dir.resolve("before"));
        var after = ModelFixture.base(dir.resolve("after"))
                .insertAfter(ModelFixture.CUSTOMERS, 27, "name: created_at",
                        "      - { name: loyalty, type: integer }");
        diff = GraphDiff.between(GraphBuilder.build(before.model(), "yellow_live"),
                GraphBuilder.build(after.model(), "yellow_live"));
        assertThat(diff.isEmpty()).isFalse();
        var broken = ModelFixture.base(dir.resolve("broken"))
                .edit(ModelFixture.CUSTOMERS, 21, "primaryKey: true", "primaryKey: true, nullable: true")
                .edit(ModelFixture.MAPPING, 3, "\"PROVISIONED\"", "\"DECOMMISSIONED\"");
        problems = Linter.validate(broken.root()).problems();
        assertThat(problems).hasSize(2);
    }

    static Stream<Event> events() {
        byte[] payload = new byte[256];
        IntStream.range(0, 256).forEach(i -> payload[i] = (byte) i);
        return Stream.of(
                new ModelDeployed("model-1740832496", "3f2a9c1", ModelFixture.CRM_REPO, "exec-42",
                        List.of("yellow_forensic", "yellow_live"), T0),
                new ModelRejected("3f2a9c2", ModelFixture.ANALYTICS_REPO, problems, T0),
                new GraphChanged("yellow_live", "model-1740832496", "3f2a9c1", diff, T0),
                new BatchStarted("yellow_live/customers", "yellow_live", 7, BatchKind.FULL,
                        List.of(new DatasetSchema("customers", "9d6f7ee9b6cd503e"),
                                new DatasetSchema("addresses", "0edb016d5dd1e0d5")), "lsn:0/16B3748", T0),
                new RowChunk("yellow_live/customers", 7, "customers", 3, 1000, "csv+gzip", payload),
                new BatchSealed("yellow_live/customers", 7,
                        List.of(new SealedDataset("customers", 4, 3500), new SealedDataset("addresses", 1, 12)),
                        "lsn:0/16B3800", T1),
                new BatchCommitted("yellow_live", "yellow_live/customers", 7, BatchKind.DELTA,
                        List.of(new DatasetCounts("customers", 10, 20, 3, 33)), "lsn:0/16B3800", T0, T1),
                new ViewsReconciled("yellow_live", List.of("yellow_live_analytics_live_customers_view"),
                        List.of("yellow_live_analytics_live_addresses_view"), List.of("old_view"), 4,
                        List.of(new ViewFailure("bad_view", "permission denied")), T1),
                new StreamTrigger("yellow_live", "yellow_live/customers", "ops@acme", T0),
                new StreamStatus("yellow_live", "yellow_live/customers", "PARKED", "cannot connect", 7, T1, StreamStatus.INGEST));
    }

    @Test
    void everyEventTypeIsCovered() {
        assertThat(events().map(e -> e.getClass().getSimpleName()))
                .containsExactlyInAnyOrderElementsOf(Stream.of(Event.class.getPermittedSubclasses())
                        .map(Class::getSimpleName).toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void roundTripGivesAnEqualEvent(Event event) {
        String json = Events.toJson(event);
        Event back = Events.fromJson(json);
        assertThat(back).isEqualTo(event).hasSameHashCodeAs(event);
        assertThat(back.key()).isEqualTo(event.key());
        assertThat(Events.toJson(back)).isEqualTo(json);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void jsonCarriesTheTypeName(Event event) {
        assertThat(Events.toJson(event)).startsWith("{\"type\":\"" + event.getClass().getSimpleName() + "\"");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void unknownPropertiesAreIgnored(Event event) {
        String json = Events.toJson(event);
        String newer = json.substring(0, json.length() - 1)
                + ",\"addedLater\":{\"nested\":[1,2,3]},\"flag\":true}";
        assertThat(Events.fromJson(newer)).isEqualTo(event);
    }

    @Test
    void timesAreIsoStringsWithNanoseconds() {
        String json = Events.toJson(new StreamTrigger("p", "p/s", "me", T0));
        assertThat(json).contains("\"requestedAt\":\"2025-03-01T12:34:56.123456789Z\"");
    }

    @Test
    void rowChunkPayloadTravelsAsBase64() {
        RowChunk chunk = new RowChunk("s", 1, "d", 0, 2, "csv", new byte[] {0, (byte) 0xff, 10, 13});
        assertThat(Events.toJson(chunk)).contains("\"payload\":\"AP8KDQ==\"");
        RowChunk back = (RowChunk) Events.fromJson(Events.toJson(chunk));
        assertThat(back.payload()).containsExactly(0, 0xff, 10, 13);
    }

    @Test
    void rowChunkDoesNotShareItsPayload() {
        byte[] bytes = {1, 2, 3};
        RowChunk chunk = new RowChunk("s", 1, "d", 0, 3, "csv", bytes);
        bytes[0] = 9;
        chunk.payload()[1] = 9;
        assertThat(chunk.payload()).containsExactly(1, 2, 3);
    }

    @Test
    void nullsAreLeftOut() {
        String json = Events.toJson(new StreamTrigger("p", "p/s", null, T0));
        assertThat(json).doesNotContain("requestedBy");
        assertThat(Events.fromJson(json)).isEqualTo(new StreamTrigger("p", "p/s", null, T0));
    }

    @Test
    void graphChangedKeepsTheDiff() {
        GraphChanged back = (GraphChanged) Events.fromJson(Events.toJson(
                new GraphChanged("yellow_live", "m", "c", diff, T0)));
        assertThat(back.diff().streamsChanged()).extracting(s -> s.key()).containsExactly("yellow_live/customers");
        assertThat(back.diff().exportsChanged()).hasSize(1);
    }

    @Test
    void modelRejectedKeepsEveryProblem() {
        ModelRejected back = (ModelRejected) Events.fromJson(Events.toJson(
                new ModelRejected("c", "r", problems, T0)));
        assertThat(back.problems()).isEqualTo(problems);
        assertThat(Events.toJson(back)).doesNotContain("\"error\"");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "{\"type\":\"ModelExploded\",\"commit\":\"c\"}",
            "{\"commit\":\"c\"}",
            "{\"type\":\"StreamTrigger\",\"requestedAt\":\"yesterday\"}",
            "[]",
            "not json",
            ""
    })
    void unknownOrInvalidEventIsAnIllegalArgument(String json) {
        assertThatThrownBy(() -> Events.fromJson(json)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unknownTypeIsNamedInTheMessage() {
        assertThatThrownBy(() -> Events.fromJson("{\"type\":\"ModelExploded\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ModelExploded");
    }

    @Test
    void keysKeepRelatedEventsInOrder() {
        assertThat(new ModelDeployed("v", "commit1", "r", "e", List.of(), T0).key()).isEqualTo("commit1");
        assertThat(new GraphChanged("yellow_live", "v", "c", diff, T0).key()).isEqualTo("yellow_live");
        assertThat(new BatchCommitted("p", "p/s", 1, BatchKind.FULL, List.of(), null, T0, T1).key()).isEqualTo("p/s");
        assertThat(new ViewsReconciled("p", List.of(), List.of(), List.of(), 0, List.of(), T0).key()).isEqualTo("p");
    }
}
