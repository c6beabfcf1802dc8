package io.datasurface.executions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasurface.embedded.EmbeddedPostgresServer;
import io.datasurface.embedded.PostgresExtension;
import io.datasurface.model.credential.DatabaseUrl;
import io.datasurface.model.fault.DatasurfaceException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The library as the model-service uses it: deployments as executions, models given in memory. */
@ExtendWith(PostgresExtension.class)
class ExecutionStoreIT {
    private static final List<String> STEPS = List.of("LOAD", "VALIDATE", "GRAPH", "PUBLISH");

    EmbeddedPostgresServer pg;
    ExecutionStore store;

    @BeforeEach
    void freshDatabase() {
        String name = "executions_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        pg.createDatabase(name);
        store = ExecutionStore.open(DatabaseUrl.parse(pg.jdbcUrl(name)));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** One deployment: every step records the same models; returns what LOAD found changed. */
    private List<String> deploy(Map<String, byte[]> models) {
        UUID previous = store.lastSuccessfulExecution().orElse(null);
        UUID deployment = store.initExecution();
        List<String> changed = null;
        for (String step : STEPS) {
            UUID id = store.initStep(deployment, step, ModelChecksums.ofContents(models));
            if (changed == null) {
                changed = store.compareStepModels(id, previous);
            }
            store.completeStep(id, OptionalLong.empty());
        }
        store.completeExecution(deployment);
        assertThat(store.lastSuccessfulExecution()).contains(deployment);
        return changed;
    }

    @Test
    @DisplayName("deployments recorded with in-memory models: changes between deployments")
    void deploymentsWithModelsInMemory() {
        assertThat(deploy(Map.of("ecosystem", bytes("v1"), "crm", bytes("a")))).containsExactly("crm", "ecosystem");
        assertThat(deploy(Map.of("ecosystem", bytes("v1"), "crm", bytes("b"), "hr", bytes("x"))))
                .containsExactly("crm", "hr");
        assertThat(deploy(Map.of("ecosystem", bytes("v1")))).isEmpty();
    }

    @Test
    @DisplayName("checksums given directly compare equal to the same bytes given as contents")
    void checksumsGivenDirectly() {
        UUID first = store.initExecution();
        UUID load = store.initStep(first, "LOAD", ModelChecksums.ofContents(Map.of("m", bytes("abc"))));
        store.completeStep(load, OptionalLong.of(1));
        store.completeExecution(first);
        UUID second = store.initExecution();
        UUID step = store.initStep(second, "LOAD", ModelChecksums.ofChecksums(Map.of(
                "m", ModelChecksums.sha256(bytes("abc")).toUpperCase(), "n", ModelChecksums.sha256(bytes("n")))));
        assertThat(store.compareStepModels(step, first)).containsExactly("n");
    }

    @Test
    @DisplayName("a step name is required and unique within an execution")
    void stepNames() {
        UUID e = store.initExecution();
        assertThatThrownBy(() -> store.initStep(e, " ", ModelChecksums.ofContents(Map.of())))
                .isInstanceOf(DatasurfaceException.class).hasMessageContaining("step name is empty");
        store.initStep(e, "LOAD", ModelChecksums.ofContents(Map.of()));
        assertThatThrownBy(() -> store.initStep(e, "LOAD", ModelChecksums.ofContents(Map.of())))
                .isInstanceOf(DatasurfaceException.class).hasMessageContaining("already has a step named 'LOAD'");
    }
}
