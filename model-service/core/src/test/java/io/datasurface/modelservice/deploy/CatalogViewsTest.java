package io.datasurface.modelservice.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasurface.model.Model;
import io.datasurface.model.graph.GraphBuilder;
import io.datasurface.model.graph.PipelineGraph;
import io.datasurface.model.json.Json;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogViewsTest {
    static final String URL = "jdbc:postgresql://crm_user:Hunter2x@localhost:5432/crm?ssl=true&password=Hunter2x";

    @TempDir
    Path tmp;

    @Test
    @DisplayName("the catalog's graph has no password, also not in a jdbc source's URL; the graph itself keeps it (issue 11)")
    void theCatalogsGraphHasNoPassword() {
        Model model = MvpCopy.into(tmp).edit("zones/retail/teams/crm/customers.yaml", """
                    kind: postgres
                    host: localhost
                    port: 5432
                    database: crm
                """, """
                    kind: jdbc
                    url: "%s"
                """.formatted(URL)).load();
        PipelineGraph graph = GraphBuilder.build(model, "yellow_live");
        assertThat(Json.write(graph)).as("the services connect with it").contains(URL);

        PipelineGraph shown = CatalogViews.graph(graph);
        assertThat(Json.write(shown)).doesNotContain("Hunter2x");
        assertThat(shown.streams()).singleElement().satisfies(s -> assertThat(s.source().url())
                .isEqualTo("jdbc:postgresql://crm_user:****@localhost:5432/crm?ssl=true&password=****"));
        assertThat(shown).usingRecursiveComparison().ignoringFields("streams").isEqualTo(graph);
        assertThat(shown.streams().get(0)).usingRecursiveComparison().ignoringFields("source")
                .isEqualTo(graph.streams().get(0));
    }
}
