package io.datasurface.modelservice.app;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The service as it is by default: no folders or {@code file:} URLs on the server (allow-local-repositories
 * off), and github.com the only git host.
 */
@QuarkusTest
@TestProfile(LockedDownIT.Defaults.class)
class LockedDownIT {
    static final String AUTH = "Bearer " + EmbeddedInfrastructure.SECRET;

    /** The settings the other tests turn on left at their defaults (EmbeddedInfrastructure sees this profile). */
    public static class Defaults implements QuarkusTestProfile {
    }

    @Inject
    ModelService service;
    @Inject
    ModelServiceConfig config;

    @Test
    @DisplayName("regression: POST /deployments deployed any folder on the server")
    void aFolderOnTheServerIsRefused() throws Exception {
        Path folder = Files.createTempDirectory("model");
        Files.writeString(folder.resolve("ecosystem.yaml"), "kind: Ecosystem\n");

        given().header("Authorization", AUTH).body("{\"path\": \"" + folder + "\"}").post("/deployments?wait=true")
                .then().statusCode(400).body("error", startsWith("folders on the server are not accepted: deploy from "
                        + "a git repository (repoUrl), or set datasurface.model-service.allow-local-repositories=true"));
        given().header("Authorization", AUTH).body("{\"repoUrl\": \"" + folder.toUri() + "\", \"ref\": \"main\"}")
                .post("/deployments?wait=true").then().statusCode(400)
                .body("error", startsWith("file: URLs are not accepted"));

        service.queue().drained().get(60, TimeUnit.SECONDS);
        assertThat(given().header("Authorization", AUTH).get("/deployments?limit=500").asString())
                .doesNotContain(folder.toString());
        try (var models = Files.list(config.modelsDir().toAbsolutePath())) {
            assertThat(models.map(p -> p.getFileName().toString())).allMatch(n -> n.equals(".kafka-streams"));
        }
        assertThat(config.allowLocalRepositories()).isFalse();
    }
}
