package io.datasurface.model.lint;

import static io.datasurface.model.ModelFixture.ECOSYSTEM;
import static io.datasurface.model.ProblemAssertions.error;
import static io.datasurface.model.ProblemAssertions.errorInFile;
import static org.assertj.core.api.Assertions.assertThat;

import io.datasurface.model.ModelFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Containers are complete; platforms are of a known kind and merge into a declared postgres container. */
class EcosystemRulesTest {
    @TempDir
    Path dir;

    private ModelFixture base() {
        return ModelFixture.base(dir);
    }

    /** Adds a container after merge_db (lines 12-16); its first line is 17. */
    private ModelFixture withContainer(String... lines) {
        return base().insertAfter(ECOSYSTEM, 16, "database: datasurface", lines);
    }

    @Test
    void platformWithAnUnknownMergeStore() {
        var fx = base().edit(ECOSYSTEM, 22, "mergeStore: merge_db", "mergeStore: merge-db");
        assertThat(fx.validate()).singleElement().satisfies(errorInFile(ECOSYSTEM, "unknown-container",
                "platform 'yellow_live'", "merge store 'merge-db'", "did you mean 'merge_db'?"));
    }

    @Test
    void platformWhoseMergeStoreIsNotPostgres() {
        var fx = withContainer("  - name: warehouse", "    kind: jdbc", "    url: jdbc:postgresql://dw/dw")
                .edit(ECOSYSTEM, 30, "mergeStore: merge_db", "mergeStore: warehouse");
        assertThat(fx.validate()).singleElement().satisfies(errorInFile(ECOSYSTEM, "invalid-container",
                "platform 'yellow_forensic'", "postgres merge store", "'warehouse'", "'jdbc'"));
    }

    @Test
    void mergeStoreProblemsAreReportedAtTheMergeStoreLine() {
        var unknown = base().edit(ECOSYSTEM, 22, "mergeStore: merge_db", "mergeStore: merge-db");
        assertThat(unknown.validate()).singleElement().satisfies(error(ECOSYSTEM, 22, "unknown-container"));
        var jdbc = withContainer("  - name: warehouse", "    kind: jdbc", "    url: jdbc:postgresql://dw/dw")
                .edit(ECOSYSTEM, 30, "mergeStore: merge_db", "mergeStore: warehouse");
        assertThat(jdbc.validate()).singleElement().satisfies(error(ECOSYSTEM, 30, "invalid-container"));
    }

    @Test
    void unknownPlatformKind() {
        var fx = base().edit(ECOSYSTEM, 20, "kind: yellow", "kind: blue");
        assertThat(fx.validate()).singleElement().satisfies(error(ECOSYSTEM, 19, "unknown-platform-kind",
                "platform 'yellow_live'", "'blue'", "'yellow'"));
    }

    @Test
    void postgresContainerWithoutHost() {
        var fx = base().deleteLine(ECOSYSTEM, 14, "host: localhost");
        assertThat(fx.validate()).singleElement().satisfies(error(ECOSYSTEM, 12, "invalid-container",
                "container 'merge_db'", "postgres needs host, port and database"));
    }

    @Test
    void postgresContainerWithAPortOutOfRange() {
        var fx = base().edit(ECOSYSTEM, 15, "port: 5432", "port: 70000");
        assertThat(fx.validate()).singleElement().satisfies(error(ECOSYSTEM, 15, "invalid-container",
                "container 'merge_db'", "port 70000", "1-65535"));
    }

    @Test
    void jdbcContainerWithoutUrl() {
        var fx = withContainer("  - name: warehouse", "    kind: jdbc", "    host: dw.example.com");
        assertThat(fx.validate()).singleElement().satisfies(error(ECOSYSTEM, 17, "invalid-container",
                "container 'warehouse'", "jdbc needs 'url: jdbc:"));
    }

    @Test
    void jdbcContainerWhoseUrlIsNotJdbc() {
        var fx = withContainer("  - name: warehouse", "    kind: jdbc", "    url: postgresql://dw:hunter2@dw/dw");
        assertThat(fx.validate()).singleElement().satisfies(error(ECOSYSTEM, 19, "invalid-container",
                "container 'warehouse'", "jdbc needs 'url: jdbc:", "postgresql://dw:****@dw/dw"));
    }

    @Test
    void jdbcContainerWithAPostgresUrlIsFine() {
        var fx = withContainer("  - name: warehouse", "    kind: jdbc",
                "    url: jdbc:postgresql://dw.example.com:5432/dw?sslmode=verify-full");
        assertThat(fx.validate()).isEmpty();
    }

    @Test
    void containerOfUnknownKind() {
        var fx = withContainer("  - name: warehouse", "    kind: oracle", "    host: dw");
        assertThat(fx.validate()).singleElement().satisfies(error(ECOSYSTEM, 18, "invalid-container",
                "container 'warehouse'", "unknown kind 'oracle'", "postgres", "jdbc"));
    }

    @Test
    void mergeStoreWithoutKindIsReportedOnce() {
        var fx = base().deleteLine(ECOSYSTEM, 13, "kind: postgres");
        assertThat(fx.validate()).singleElement().satisfies(error(ECOSYSTEM, 12, "missing-key", "container",
                "'kind:'"));
    }

    @Test
    void containerWithoutKind() {
        var fx = withContainer("  - name: warehouse", "    host: dw");
        assertThat(fx.validate()).singleElement().satisfies(error(ECOSYSTEM, 17, "missing-key", "container",
                "'kind:'"));
    }
}
