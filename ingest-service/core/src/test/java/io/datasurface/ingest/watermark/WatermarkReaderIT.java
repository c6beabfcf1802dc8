package io.datasurface.ingest.watermark;

import static io.datasurface.ingest.Streams.col;
import static io.datasurface.ingest.Streams.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.datasurface.ingest.Batches;
import io.datasurface.ingest.RecordingSink;
import io.datasurface.ingest.SourceDb;
import io.datasurface.ingest.Streams;
import io.datasurface.model.event.BatchKind;
import io.datasurface.model.fault.DatasurfaceException;
import io.datasurface.model.graph.IngestionNode;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** DELTA batches by watermark, batch after batch, on a real database. Run per database. */
@ParameterizedClass(name = "{0}")
@EnumSource(value = SourceDb.Kind.class, mode = EnumSource.Mode.EXCLUDE, names = "H2_FILE")
class WatermarkReaderIT {
    @Parameter
    SourceDb.Kind kind;
    SourceDb db;

    @BeforeEach
    void createSource(@TempDir Path directory) {
        db = kind.open(directory);
    }

    WatermarkReader reader(IngestionNode node, int chunkRows) {
        try {
            return new WatermarkReader(node, db.connect(), chunkRows);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    Batches.Result batch(IngestionNode node, String previousPosition) {
        Batches.Result result = Batches.run(() -> reader(node, 100), previousPosition, 10);
        assertThat(result.rows()).allMatch(e -> e.kind().equals("row"));
        return result;
    }

    @Test
    void integerWatermarkReadsEverythingFirstThenOnlyRowsAtOrAfterThePreviousHigh() {
        db.execute("CREATE TABLE events (id integer PRIMARY KEY, name varchar(20), version bigint)",
                "INSERT INTO events VALUES (1, 'a', 1), (2, 'b', 2), (3, 'c', 3), (4, 'd', 5), (5, 'e', 5)");
        IngestionNode node = Streams.watermark("shop")
                .dataset("events", "version", key("id", "integer"), col("name", "varchar(20)")).node();
        assertThat(reader(node, 10).kind()).isEqualTo(BatchKind.DELTA);

        Batches.Result first = batch(node, null);
        assertThat(first.rows("events")).extracting(r -> r.get(0)).containsExactly(1, 2, 3, 4, 5);
        assertThat(first.position()).isEqualTo("{\"highs\":{\"events\":6}}");

        db.execute("UPDATE events SET name = 'b2', version = 6 WHERE id = 2", "INSERT INTO events VALUES (6, 'f', 7)",
                "INSERT INTO events VALUES (0, 'z', 6)");
        Batches.Result second = batch(node, first.position());
        assertThat(second.rows("events")).containsExactly(List.of(0, "z"), List.of(2, "b2"), List.of(6, "f"));
        assertThat(second.position()).isEqualTo("{\"highs\":{\"events\":8}}");

        Batches.Result empty = batch(node, second.position());
        assertThat(empty.rows()).isEmpty();
        assertThat(empty.position()).isEqualTo(second.position());

        db.execute("DELETE FROM events WHERE id = 1"); // not seen by watermark capture
        assertThat(batch(node, second.position()).rows()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"timestamp(6), timestamp, 2024-05-01T10:00:02.000002",
                "timestamp(6) with time zone, timestamptz, 2024-05-01T10:00:02.000002Z"})
    void timestampWatermarkIncludesRowsAtThePreviousHighAndSteps1Microsecond(String sourceType, String modelType,
                                                                             String firstHigh) {
        db.execute("CREATE TABLE docs (id varchar(10) PRIMARY KEY, body text, updated_at " + sourceType + ")");
        LocalDateTime t0 = LocalDateTime.of(2024, 5, 1, 10, 0, 0, 1_000);
        boolean tz = modelType.equals("timestamptz");
        db.insert("docs", List.of(List.of("a", "one", at(t0, tz)), List.of("b", "two", at(t0.plusNanos(1_000), tz)),
                List.of("c", "three", at(t0.plusSeconds(2), tz))));
        IngestionNode node = Streams.watermark("s").dataset("docs", "updated_at", key("id", "varchar(10)"),
                col("body", "text"), col("updated_at", modelType)).node();

        Batches.Result first = batch(node, null);
        assertThat(first.rows("docs")).extracting(r -> r.get(0)).containsExactly("a", "b", "c");
        assertThat(first.position()).isEqualTo("{\"highs\":{\"docs\":\"" + firstHigh + "\"}}");

        LocalDateTime high = t0.plusSeconds(2).plusNanos(1_000);
        db.execute("UPDATE docs SET body = 'two!', updated_at = " + literal(t0.plusSeconds(3), tz) + " WHERE id = 'b'");
        db.insert("docs", List.of(List.of("d", "at the high", at(high, tz)),
                List.of("e", "just below it", at(high.minusNanos(1_000), tz))));
        Batches.Result second = batch(node, first.position());
        assertThat(second.rows("docs")).extracting(r -> r.get(0) + ":" + r.get(1))
                .containsExactly("b:two!", "d:at the high");

        Batches.Result empty = batch(node, second.position());
        assertThat(empty.rows()).isEmpty();
        assertThat(empty.position()).isEqualTo(second.position());
    }

    @Test
    void aBatchOfManyStepsReadsTheRangeFixedAtItsStartWhateverChangesBetweenSteps() {
        db.execute("CREATE TABLE m (id integer PRIMARY KEY, v integer, w bigint)");
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            rows.add(List.of(i, i, (long) i));
        }
        db.insert("m", rows);
        IngestionNode node = Streams.watermark("s").dataset("m", "w", key("id", "integer"), col("v", "integer")).node();

        Batches.Result first = Batches.run(() -> reader(node, 4), null, 1, step -> {
            if (step == 2) {
                db.execute("UPDATE m SET v = -1, w = 100 WHERE id = 1", "UPDATE m SET v = -1, w = 101 WHERE id = 25",
                        "INSERT INTO m VALUES (31, 31, 102)");
            }
        });
        List<List<Object>> expected = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            if (i != 25) { // moved past the batch's high before it was read: it belongs to the next batch
                expected.add(List.of(i, i));
            }
        }
        assertThat(first.rows("m")).containsExactlyElementsOf(expected);
        assertThat(first.steps()).isEqualTo(8);
        assertThat(first.restartPoints()).first().asString()
                .isEqualTo("{\"lows\":{},\"highs\":{\"m\":31},\"dataset\":\"m\",\"after\":[4]}");
        assertThat(first.position()).isEqualTo("{\"highs\":{\"m\":31}}");

        Batches.Result second = Batches.run(() -> reader(node, 1), first.position(), 1);
        assertThat(second.rows("m")).containsExactly(List.of(1, -1), List.of(25, -1), List.of(31, 31));
        assertThat(second.restartPoints()).first().asString().startsWith("{\"lows\":{\"m\":31},\"highs\":{\"m\":103}");
        assertThat(second.position()).isEqualTo("{\"highs\":{\"m\":103}}");
    }

    @Test
    void aDatasetWithoutRowsKeepsItsPreviousHigh() {
        db.execute("CREATE TABLE full_t (id integer PRIMARY KEY, w integer)", "CREATE TABLE empty_t (id integer PRIMARY KEY, w integer)",
                "INSERT INTO full_t VALUES (1, 1), (2, 3)");
        IngestionNode node = Streams.watermark("s").dataset("full_t", "w", key("id", "integer"))
                .dataset("empty_t", "w", key("id", "integer")).node();

        Batches.Result first = batch(node, null);
        assertThat(first.rows("full_t")).hasSize(2);
        assertThat(first.position()).isEqualTo("{\"highs\":{\"full_t\":4}}");

        db.execute("INSERT INTO empty_t VALUES (9, 1)", "DELETE FROM full_t");
        Batches.Result second = batch(node, first.position());
        assertThat(second.rows("empty_t")).containsExactly(List.of(9));
        assertThat(second.rows("full_t")).isEmpty();
        assertThat(second.position()).isEqualTo("{\"highs\":{\"full_t\":4,\"empty_t\":2}}");
    }

    @Test
    void aWatermarkColumnThatIsMissingOrNotAnIntegerOrTimestampIsAnError() {
        db.execute("CREATE TABLE t (id integer PRIMARY KEY, label varchar(10))");
        DatasurfaceException missing = catchThrowableOfType(DatasurfaceException.class, () -> batch(
                Streams.watermark("s").dataset("t", "changed_at", key("id", "integer")).node(), null));
        assertThat(missing.retriable()).isFalse();
        assertThat(missing.getMessage()).containsIgnoringCase("source table t has no column changed_at")
                .contains("needs it as its watermark");

        DatasurfaceException wrongType = catchThrowableOfType(DatasurfaceException.class, () -> batch(
                Streams.watermark("s").dataset("t", "label", key("id", "integer")).node(), null));
        assertThat(wrongType.retriable()).isFalse();
        assertThat(wrongType.getMessage()).containsIgnoringCase("watermark column label has type")
                .contains("must be an integer, timestamp or timestamptz column");

        DatasurfaceException badPosition = catchThrowableOfType(DatasurfaceException.class, () -> batch(
                Streams.watermark("s").dataset("t", "id", key("id", "integer")).node(), "{\"highs\":{\"t\":\"x\"}}"));
        assertThat(badPosition.retriable()).isFalse();
        assertThat(badPosition.getMessage()).contains("the kept watermark \"x\" of dataset t");
    }

    private static Object at(LocalDateTime t, boolean tz) {
        return tz ? t.atOffset(ZoneOffset.UTC) : t;
    }

    private static String literal(LocalDateTime t, boolean tz) {
        return (tz ? "TIMESTAMP WITH TIME ZONE '" + t.toString().replace('T', ' ') + "+00:00'"
                : "TIMESTAMP '" + t.toString().replace('T', ' ') + "'");
    }
}
