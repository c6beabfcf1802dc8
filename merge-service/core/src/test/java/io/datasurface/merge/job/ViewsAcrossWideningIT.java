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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A column widening drops and remakes the views over its merge table (PostgreSQL cannot alter a column a view
 * reads): they come back exactly as they were.
 */
@ParameterizedClass(name = "PostgreSQL {0}")
@EnumSource(PostgresVersion.class)
class ViewsAcrossWideningIT {
    MergeStoreFixture store;
    String views;
    String reader;
    String auditor;
    String owner;

    @Parameter
    PostgresVersion version;

    EmbeddedPostgresServer server() {
        return PostgresExtension.server(version);
    }

    @BeforeEach
    void newStore() throws SQLException {
        store = new MergeStoreFixture(server());
        views = store.platform + "_views";
        // roles belong to the whole server: names of this test alone
        reader = store.platform + "_reader";
        auditor = store.platform + "_auditor";
        owner = store.platform + "_owner";
        store.execute("CREATE ROLE " + reader + " NOLOGIN; CREATE ROLE " + auditor + " NOLOGIN; CREATE ROLE " + owner
                + " NOLOGIN; CREATE SCHEMA " + views);
    }

    private IngestionNode people(String nameType) {
        return Streams.stream("crm").dataset("people", key("id", "integer"), col("name", nameType), col("note", "text"))
                .node(store.platform);
    }

    @Test
    @DisplayName("regression: views over a widened column keep security_invoker, security_barrier, check_option, "
            + "comments (view and columns), owner and exactly their privileges (PUBLIC, grant option, columns)")
    void viewsKeepEverything() throws SQLException {
        store.commit(people("varchar(10)"), Milestoning.LIVE_ONLY, ListSource.full().row("people", 1, "a", "x"));
        String merge = store.table("crm_people_merge");
        store.execute("CREATE VIEW " + views + ".guarded WITH (security_invoker = true, security_barrier = true) AS "
                + "SELECT id, name FROM " + merge + " WHERE id > 0 WITH CASCADED CHECK OPTION");
        store.execute("CREATE VIEW " + views + ".plain AS SELECT id, note FROM " + merge + " WITH LOCAL CHECK OPTION");
        store.execute("COMMENT ON VIEW " + views + ".guarded IS 'people, guarded'; "
                + "COMMENT ON COLUMN " + views + ".guarded.name IS 'the name''s column'; "
                + "REVOKE ALL ON " + views + ".guarded FROM PUBLIC; "
                + "GRANT SELECT ON " + views + ".guarded TO " + reader + " WITH GRANT OPTION; "
                + "GRANT SELECT (name), UPDATE (name) ON " + views + ".guarded TO " + auditor + "; "
                + "GRANT SELECT ON " + views + ".plain TO PUBLIC; "
                + "ALTER VIEW " + views + ".guarded OWNER TO " + owner);
        // a new view in this schema would be given this: the remade ones must not be
        store.execute("ALTER DEFAULT PRIVILEGES IN SCHEMA " + views + " GRANT ALL ON TABLES TO " + auditor);
        List<List<Object>> guarded = state("guarded");
        List<List<Object>> plain = state("plain");
        assertThat(guarded.get(0)).as("options as made").containsExactly(
                List.of("check_option=cascaded", "security_barrier=true", "security_invoker=true"), owner, "people, guarded");

        StepResult widened = store.commit(people("varchar(50)"), Milestoning.LIVE_ONLY,
                ListSource.full().row("people", 1, "a longer name", "x"));

        assertThat(widened.batchId()).isEqualTo(2L);
        assertThat(store.columnType("crm_people_merge", "name")).isEqualTo("character varying(50)");
        assertThat(state("guarded")).isEqualTo(guarded);
        assertThat(state("plain")).isEqualTo(plain);
        assertThat(store.query("SELECT name FROM " + views + ".guarded")).containsExactly(List.of("a longer name"));
    }

    /**
     * A view as the catalog holds it: (options, owner, comment), its definition, then every column comment and
     * every privilege others hold (column, grantee, privilege, grantable), sorted.
     */
    private List<List<Object>> state(String view) throws SQLException {
        String rel = "'" + views + "." + view + "'::regclass";
        List<List<Object>> out = new ArrayList<>();
        List<Object> head = store.query("SELECT array_to_string(ARRAY(SELECT unnest(reloptions) ORDER BY 1), ','), "
                + "pg_get_userbyid(relowner), obj_description(oid, 'pg_class') FROM pg_class WHERE oid = " + rel).get(0);
        List<Object> first = new ArrayList<>();
        String options = (String) head.get(0);
        first.add(options == null || options.isEmpty() ? List.of() : List.of(options.split(",")));
        first.add(head.get(1));
        first.add(head.get(2));
        out.add(first);
        out.addAll(store.query("SELECT pg_get_viewdef(" + rel + ")"));
        out.addAll(store.query("SELECT a.attname, d.description FROM pg_description d JOIN pg_attribute a "
                + "ON a.attrelid = d.objoid AND a.attnum = d.objsubid WHERE d.objoid = " + rel + " AND d.objsubid > 0 "
                + "ORDER BY 1"));
        out.addAll(store.query("SELECT * FROM (SELECT '' AS col, coalesce(r.rolname, 'PUBLIC') AS who, "
                + "g.privilege_type, g.is_grantable FROM pg_class c, aclexplode(c.relacl) g LEFT JOIN pg_roles r "
                + "ON r.oid = g.grantee WHERE c.oid = " + rel + " UNION ALL SELECT a.attname, coalesce(r.rolname, "
                + "'PUBLIC'), g.privilege_type, g.is_grantable FROM pg_attribute a, aclexplode(a.attacl) g "
                + "LEFT JOIN pg_roles r ON r.oid = g.grantee WHERE a.attrelid = " + rel + ") p ORDER BY 1, 2, 3"));
        return out;
    }
}
