package io.datasurface.merge.job;

import static io.datasurface.merge.job.Streams.col;
import static io.datasurface.merge.job.Streams.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.datasurface.embedded.EmbeddedPostgresServer;
import io.datasurface.embedded.PostgresExtension;
import io.datasurface.embedded.PostgresVersion;
import io.datasurface.model.Milestoning;
import io.datasurface.model.graph.IngestionNode;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Table layout, names that need quoting or shortening, keys of several types, datasets of keys only. */
@ParameterizedClass(name = "PostgreSQL {0}")
@EnumSource(PostgresVersion.class)
class DatasetShapesIT {
    @Parameter
    PostgresVersion version;

    EmbeddedPostgresServer server() {
        return PostgresExtension.server(version);
    }

    @Test
    @DisplayName("layout: model columns in order then the synthetic columns; keys as primary key; staging UNLOGGED")
    void layout() throws SQLException {
        for (Milestoning m : Milestoning.values()) {
            MergeStoreFixture s = new MergeStoreFixture(server());
            IngestionNode node = Streams.stream("crm").dataset("people", col("name", "text"), key("id", "integer"),
                    key("region", "varchar(5)")).node(s.platform);
            s.commit(node, m, ListSource.full().row("people", "ann", 1, "eu"));
            String synthetic = m == Milestoning.FORENSIC ? "ds_surf_batch_in ds_surf_batch_out ds_surf_all_hash"
                    : "ds_surf_batch_id ds_surf_all_hash";
            assertThat(s.query("SELECT string_agg(attname, ' ' ORDER BY attnum) FROM pg_attribute WHERE attrelid = '"
                    + s.table("crm_people_merge") + "'::regclass AND attnum > 0 AND NOT attisdropped"))
                    .as(m.yaml()).containsExactly(List.of("name id region " + synthetic));
            String pk = m == Milestoning.FORENSIC ? "id region ds_surf_batch_in" : "id region";
            assertThat(s.query("SELECT string_agg(a.attname, ' ' ORDER BY k.ord) FROM pg_constraint c, "
                    + "unnest(c.conkey) WITH ORDINALITY k(attnum, ord), pg_attribute a WHERE c.contype = 'p' AND "
                    + "c.conrelid = '" + s.table("crm_people_merge") + "'::regclass AND a.attrelid = c.conrelid "
                    + "AND a.attnum = k.attnum")).as(m.yaml()).containsExactly(List.of(pk));
            assertThat(s.query("SELECT relname::text, relpersistence::text FROM pg_class WHERE relnamespace = '\""
                    + s.platform + "\"'::regnamespace AND relkind = 'r' ORDER BY 1")).as(m.yaml()).containsExactly(
                    List.of("batches", "p"), List.of("crm_people_merge", "p"), List.of("crm_people_staging", "u"),
                    List.of("flyway_schema_history", "p"), List.of("offsets", "p"));
        }
    }

    @Test
    @DisplayName("keys of other types (uuid, date, bigint) and a dataset of key columns only")
    void otherKeys() throws SQLException {
        UUID a = UUID.fromString("00000000-0000-0000-0000-00000000000a");
        UUID b = UUID.fromString("00000000-0000-0000-0000-00000000000b");
        LocalDate day = LocalDate.of(2024, 2, 29);
        for (Milestoning m : Milestoning.values()) {
            MergeStoreFixture s = new MergeStoreFixture(server());
            IngestionNode node = Streams.stream("m").dataset("links", key("left", "uuid"), key("day", "date"),
                    key("n", "bigint")).node(s.platform);
            s.commit(node, m, ListSource.full().row("links", a, day, 1L).row("links", b, day, 1L));
            StepResult r = s.commit(node, m, ListSource.full().row("links", a, day, 1L).row("links", a, day, 2L)
                    .row("links", b, day.plusDays(1), 1L));
            assertThat(List.of(r.inserted(), r.updated(), r.deleted())).as(m.yaml()).containsExactly(2L, 0L, 1L);
            StepResult d = s.commit(node, m, ListSource.delta().delete("links", a, day, 2L).row("links", a, day, 1L));
            assertThat(List.of(d.inserted(), d.updated(), d.deleted())).as(m.yaml()).containsExactly(0L, 0L, 1L);
            String current = m == Milestoning.FORENSIC ? " WHERE ds_surf_batch_out = 2147483647" : "";
            assertThat(s.query("SELECT \"left\"::text, day::text, n FROM " + s.table("m_links_merge") + current
                    + " ORDER BY 1, 2, 3")).as(m.yaml()).containsExactly(List.of(a.toString(), "2024-02-29", 1L),
                    List.of(b.toString(), "2024-03-01", 1L));
        }
    }

    @Test
    @DisplayName("reserved words as key and column names, and store/dataset names past 63 characters (shortened tables)")
    void quotedAndShortenedNames() throws SQLException {
        for (Milestoning m : Milestoning.values()) {
            MergeStoreFixture s = new MergeStoreFixture(server());
            String storeName = "a_store_whose_name_goes_on_and_on_and_on";
            IngestionNode node = Streams.stream(storeName).dataset("a_dataset_with_a_long_name_too",
                    key("order", "integer"), key("select", "varchar(10)"), col("user", "text"), col("from", "integer"))
                    .node(s.platform);
            String merge = node.datasets().get(0).mergeTable();
            assertThat(merge).as("shortened").hasSize(63).doesNotEndWith("_merge");
            s.commit(node, m, ListSource.full().row("a_dataset_with_a_long_name_too", 1, "x", "ann", 1)
                    .row("a_dataset_with_a_long_name_too", 1, "y", "bob", 2));
            StepResult r = s.commit(node, m, ListSource.full().row("a_dataset_with_a_long_name_too", 1, "x", "ann", 1)
                    .row("a_dataset_with_a_long_name_too", 1, "y", "BOB", 2));
            assertThat(List.of(r.inserted(), r.updated(), r.deleted())).as(m.yaml()).containsExactly(0L, 1L, 0L);
            String current = m == Milestoning.FORENSIC ? " WHERE ds_surf_batch_out = 2147483647" : "";
            assertThat(s.query("SELECT \"order\", \"select\", \"user\", \"from\" FROM " + s.table(merge) + current
                    + " ORDER BY 2")).as(m.yaml()).containsExactly(List.of(1, "x", "ann", 1), List.of(1, "y", "BOB", 2));
        }
    }
}
