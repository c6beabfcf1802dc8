package io.datasurface.merge.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasurface.embedded.PostgresExtension;
import io.datasurface.embedded.PostgresVersion;
import io.datasurface.merge.live.LiveMerge;
import io.datasurface.merge.sql.PostgresDialect;
import io.datasurface.merge.store.DatasetTables;
import io.datasurface.merge.store.MergeTables;
import io.datasurface.model.Milestoning;
import io.datasurface.model.event.BatchKind;
import io.datasurface.model.event.DatasetCounts;
import io.datasurface.model.graph.IngestionNode;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** PostgreSQL 17's MERGE … WHEN NOT MATCHED BY SOURCE form gives the same live-only result and counts as the default. */
class MergeBySourcePg17IT {

    @Test
    @DisplayName("MERGE BY SOURCE and the default diff form agree on rows, batch ids and counts")
    void sameResultAsTheDefaultForm() throws Exception {
        MergeStoreFixture[] stores = {new MergeStoreFixture(PostgresExtension.server(PostgresVersion.V17)),
            new MergeStoreFixture(PostgresExtension.server(PostgresVersion.V17))};
        List<List<Object>> results = new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) {
            MergeStoreFixture s = stores[i];
            IngestionNode node = Streams.stream("crm").dataset("people", Streams.key("id", "integer"),
                    Streams.col("name", "text")).node(s.platform);
            s.commit(node, Milestoning.LIVE_ONLY, ListSource.full().row("people", 1, "a").row("people", 2, "b")
                    .row("people", 3, "c"));
            DatasetTables t = DatasetTables.of(s.platform, node.datasets().get(0));
            try (Connection c = s.connect()) {
                c.setAutoCommit(false);
                PostgresDialect base = new PostgresDialect(17);
                PostgresDialect dialect = i == 0 ? base.withMergeBySource() : base;
                new MergeTables(base, c).resetStaging(t);
                try (Statement st = c.createStatement()) {
                    st.execute("INSERT INTO \"" + s.platform + "\".crm_people_staging SELECT * FROM (VALUES "
                            + "(1, 'a', 'U', 0, (SELECT ds_surf_all_hash FROM \"" + s.platform
                            + "\".crm_people_merge WHERE id = 1)), (2, 'B', 'U', 1, 42::bigint), "
                            + "(4, 'd', 'U', 2, 43::bigint)) v");
                }
                DatasetCounts counts = LiveMerge.merge(dialect, c, t, BatchKind.FULL, 2, 3);
                c.commit();
                results.add(List.of(counts.inserted(), counts.updated(), counts.deleted(),
                        s.query("SELECT id, name, ds_surf_batch_id FROM \"" + s.platform
                                + "\".crm_people_merge ORDER BY id")));
            }
        }
        assertThat(results.get(0)).isEqualTo(results.get(1)).isEqualTo(List.of(1L, 1L, 1L, List.of(
                List.of(1, "a", 1), List.of(2, "B", 2), List.of(4, "d", 2))));
    }
}
