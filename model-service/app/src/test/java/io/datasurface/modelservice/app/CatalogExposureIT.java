package io.datasurface.modelservice.app;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the catalog shows, and to whom, for a model whose source is a {@code jdbc} container with passwords in
 * its URL (user info and a parameter). A model-service of its own (a models folder of its own, so the first
 * deployment here has no current model to be checked against, and the other classes' current model is not
 * touched).
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedInfrastructure.class)
@TestProfile(CatalogExposureIT.OwnModels.class)
class CatalogExposureIT {
    static final String PASSWORD = "Hunter2x";
    static final String URL = "jdbc:postgresql://crm_user:" + PASSWORD + "-userinfo@localhost:5432/crm?ssl=true&password="
            + PASSWORD + "-param";

    /** A models folder and Kafka identities of its own. */
    public static class OwnModels implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                return Map.of("datasurface.model-service.models-dir", Files.createTempDirectory("exposure-models").toString(),
                        "datasurface.model-service.kafka-transactional-id", "catalog-exposure-it",
                        "datasurface.model-service.stream-status.application-id", "catalog-exposure-it-streams");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    @TempDir
    Path tmp;

    @Test
    @DisplayName("a model with a password in a jdbc URL is refused, and no answer shows the password; the graph and the deployments need the admin token (issue 11)")
    void theCatalogShowsNoPasswordAndConnectionDetailsOnlyToAdmins() throws IOException {
        String refused = given().header("Authorization", "Bearer " + EmbeddedInfrastructure.SECRET)
                .contentType("application/json").body(folder(modelWithSource(URL))).post("/deployments?wait=true")
                .then().statusCode(200).body("status", equalTo("REJECTED")).extract().asString();
        assertThat(refused).contains("secret-in-model").doesNotContain(PASSWORD);

        String safe = "jdbc:postgresql://localhost:5432/crm?ssl=true";
        given().header("Authorization", "Bearer " + EmbeddedInfrastructure.SECRET).contentType("application/json")
                .body(folder(modelWithSource(safe))).post("/deployments?wait=true")
                .then().statusCode(200).body("status", equalTo("DEPLOYED"));

        // connection details: the admin token or 401, saying what is missing
        for (String endpoint : List.of("/catalog/platforms/yellow_live/graph", "/catalog/deployments")) {
            given().get(endpoint).then().statusCode(401).header("WWW-Authenticate", startsWith("Bearer realm="))
                    .body("error", containsString("Authorization: Bearer"));
            given().header("Authorization", "Bearer not-the-admin-token").get(endpoint).then().statusCode(401)
                    .header("WWW-Authenticate", containsString("error=\"invalid_token\""))
                    .body("error", equalTo("the admin token is wrong"));
            // the webhook secret is not the admin token
            given().header("Authorization", "Bearer " + EmbeddedInfrastructure.SECRET).get(endpoint).then().statusCode(401);
        }

        assertThat(admin("/catalog/platforms/yellow_live/graph")).as("the source's address").contains(safe);
        assertThat(admin("/catalog/deployments")).doesNotContain(PASSWORD);
        assertThat(given().header("Authorization", "Bearer " + EmbeddedInfrastructure.SECRET).get("/deployments")
                .then().statusCode(200).extract().asString()).doesNotContain(PASSWORD);

        // the model's own catalog is open, and names no address
        for (String endpoint : List.of("/catalog", "/catalog/datastores", "/catalog/datastores/customers",
                "/catalog/workspaces")) {
            assertThat(given().get(endpoint).then().statusCode(200).extract().asString()).as(endpoint)
                    .doesNotContain(PASSWORD).doesNotContain("jdbc:");
        }
    }

    /** A copy of the example model whose CRM source is this JDBC URL. */
    private Path modelWithSource(String url) throws IOException {
        Path model = Files.createTempDirectory(tmp, "model");
        copy(ModelRepos.MVP, model);
        String store = "zones/retail/teams/crm/customers.yaml";
        Files.writeString(model.resolve(store), Files.readString(model.resolve(store)).replace("""
                    kind: postgres
                    host: localhost
                    port: 5432
                    database: crm
                """, """
                    kind: jdbc
                    url: "%s"
                """.formatted(url)));
        assertThat(Files.readString(model.resolve(store))).contains(url);
        return model;
    }

    private static String folder(Path model) {
        return "{\"path\": \"" + model.toString().replace("\\", "\\\\") + "\"}";
    }

    private static String admin(String endpoint) {
        return given().header("Authorization", EmbeddedInfrastructure.ADMIN).get(endpoint).then().statusCode(200)
                .extract().asString();
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.sorted(Comparator.naturalOrder()).toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else if (!f.getFileName().toString().equals("README.md")) {
                    Files.copy(f, target);
                }
            }
        }
    }
}
