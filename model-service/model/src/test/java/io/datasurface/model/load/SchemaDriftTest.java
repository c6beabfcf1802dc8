package io.datasurface.model.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.datasurface.model.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The JSON Schema editors use must accept exactly the keys the loader accepts. */
class SchemaDriftTest {

    @ParameterizedTest(name = "{0} properties match the loader")
    @DisplayName("editor JSON Schema and loader agree on every object's keys")
    @CsvSource({
        "model,Ecosystem", "model,ZoneDeclaration", "model,Container", "model,Platform", "model,Credential",
        "model,GovernanceZone",
        "model,TeamDeclaration", "model,Datastore", "model,Capture", "model,Dataset", "model,Column",
        "model,Workspace", "model,DatasetGroup", "mapping,Entry", "mapping,Assignment"
    })
    void schemaPropertiesMatchLoaderKeys(String schema, String definition) throws IOException {
        assertThat(schemaKeys(schema, definition)).isEqualTo(new TreeSet<>(loaderKeys(definition)));
    }

    @org.junit.jupiter.api.Test
    @DisplayName("the editor schema's description of a column type lists what the loader accepts")
    void schemaListsTheAcceptedTypes() throws IOException {
        try (InputStream in = SchemaDriftTest.class.getResourceAsStream("/io/datasurface/model/datasurface-model.schema.json")) {
            assertThat(Json.mapper().readTree(in).path("definitions").path("sqlType").path("description").asText())
                    .isEqualTo(io.datasurface.model.type.SqlType.ACCEPTED);
        }
    }

    private static Set<String> loaderKeys(String definition) {
        return switch (definition) {
            case "Ecosystem" -> EcosystemReader.KEYS;
            case "ZoneDeclaration" -> EcosystemReader.ZONE_KEYS;
            case "Container" -> EcosystemReader.CONTAINER_KEYS;
            case "Platform" -> EcosystemReader.PLATFORM_KEYS;
            case "Credential" -> EcosystemReader.CREDENTIAL_KEYS;
            case "GovernanceZone" -> ZoneReader.KEYS;
            case "TeamDeclaration" -> ZoneReader.TEAM_KEYS;
            case "Datastore" -> DatastoreReader.KEYS;
            case "Capture" -> DatastoreReader.CAPTURE_KEYS;
            case "Dataset" -> DatastoreReader.DATASET_KEYS;
            case "Column" -> DatastoreReader.COLUMN_KEYS;
            case "Workspace" -> WorkspaceReader.KEYS;
            case "DatasetGroup" -> WorkspaceReader.GROUP_KEYS;
            case "Entry" -> MappingReader.ENTRY_KEYS;
            case "Assignment" -> MappingReader.ASSIGNMENT_KEYS;
            default -> throw new IllegalArgumentException(definition);
        };
    }

    private static Set<String> schemaKeys(String schema, String definition) throws IOException {
        String file = schema.equals("model") ? "datasurface-model.schema.json" : "dsg-platform-mapping.schema.json";
        try (InputStream in = SchemaDriftTest.class.getResourceAsStream("/io/datasurface/model/" + file)) {
            assertThat(in).as(file + " is on the classpath").isNotNull();
            JsonNode root = Json.mapper().readTree(in);
            JsonNode def = switch (definition) {
                case "Entry" -> root.path("items");
                case "Assignment" -> root.path("items").path("properties").path("assignments").path("items");
                default -> root.path("definitions").path(definition);
            };
            Set<String> keys = new TreeSet<>();
            def.path("properties").fieldNames().forEachRemaining(keys::add);
            assertThat(keys).as(definition + " has properties in " + file).isNotEmpty();
            return keys;
        }
    }
}
