package io.datasurface.view.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The view definitions, as golden text. */
class PostgresViewDialectTest {
    final PostgresViewDialect d = new PostgresViewDialect();

    @Test
    void liveOnlyViewSelectsTheDatasetColumnsInModelOrder() {
        assertThat(d.liveOnlySelect("yellow_live", "crm_customers_merge", List.of("id", "Name")))
                .isEqualTo("SELECT \"id\", \"Name\" FROM \"yellow_live\".\"crm_customers_merge\"");
    }

    @Test
    void forensicLiveViewShowsOnlyCurrentVersions() {
        assertThat(d.forensicLiveSelect("f", "m", List.of("id")))
                .isEqualTo("SELECT \"id\" FROM \"f\".\"m\" WHERE \"ds_surf_batch_out\" = 2147483647");
    }

    @Test
    void historyViewBoundsEachVersionByCommitTimes() {
        assertThat(d.historySelect("f", "m", "f/crm", List.of("id")))
                .isEqualTo("SELECT m.\"id\", m.\"ds_surf_batch_in\", m.\"ds_surf_batch_out\", "
                        + "bi.committed_at AS ds_surf_valid_from, "
                        + "COALESCE(bo.committed_at, 'infinity'::timestamptz) AS ds_surf_valid_to "
                        + "FROM \"f\".\"m\" m "
                        + "LEFT JOIN \"f\".\"batches\" bi ON bi.stream = 'f/crm' AND bi.batch_id = m.\"ds_surf_batch_in\" "
                        + "LEFT JOIN \"f\".\"batches\" bo ON bo.stream = 'f/crm' AND bo.batch_id = m.\"ds_surf_batch_out\"::bigint + 1");
    }

    @Test
    void identifiersAndLiteralsAreQuoted() {
        assertThat(d.quote("a\"b")).isEqualTo("\"a\"\"b\"");
        assertThat(d.literal("it's")).isEqualTo("'it''s'");
        assertThat(d.commentOnView("s", "v", "it's")).isEqualTo("COMMENT ON VIEW \"s\".\"v\" IS 'it''s'");
    }
}
