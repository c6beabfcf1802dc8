package io.datasurface.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasurface.model.credential.CredentialStore;
import io.datasurface.model.credential.DatabaseUrl;
import io.datasurface.model.credential.JdbcPolicy;
import io.datasurface.model.fault.DatasurfaceException;
import io.datasurface.model.graph.ContainerSpec;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every connection goes through the one JDBC policy: PostgreSQL always, H2 only where enabled, never INIT. */
class DatabasesTest {
    @TempDir
    Path tmp;

    @Test
    void anH2SourceIsRefusedUnlessTheCallerEnablesIt() throws Exception {
        DatabaseUrl url = DatabaseUrl.parse("jdbc:h2:mem:databases_test;DB_CLOSE_DELAY=-1");
        assertThatThrownBy(() -> Databases.open(url, "the source of crm", "test"))
                .isInstanceOfSatisfying(DatasurfaceException.class, e -> assertThat(e.retriable()).isFalse())
                .hasMessage("cannot connect to the source of crm at jdbc:h2:mem:databases_test;DB_CLOSE_DELAY=-1: H2 "
                        + "databases are read only by 'datasurface run-job --allow-h2' (tests and local trials); use a "
                        + "PostgreSQL source (jdbc:postgresql://HOST:PORT/DATABASE)");
        try (Connection c = Databases.open(url, "the source of crm", "test", JdbcPolicy.POSTGRES_AND_H2)) {
            assertThat(c.isValid(1)).isTrue();
        }
    }

    @Test
    @DisplayName("H2's INIT= would run code on this host: it is refused before the driver sees the URL")
    void h2InitIsRefusedAndNeverRuns() {
        Path marker = tmp.resolve("marker.txt");
        String sql = "CALL FILE_WRITE(STRINGTOUTF8('ran'), '" + marker.toString().replace("\\", "/") + "')";
        DatabaseUrl url = DatabaseUrl.parse("jdbc:h2:mem:init_test;INIT=" + sql);
        assertThatThrownBy(() -> Databases.open(url, "the source of crm", "test", JdbcPolicy.POSTGRES_AND_H2))
                .isInstanceOf(DatasurfaceException.class)
                .hasMessageContaining("H2 setting(s) 'INIT' are not allowed");
        assertThat(marker).doesNotExist();
    }

    @Test
    void aPostgresUrlThatWouldLoadAClassIsRefusedBeforeConnecting() {
        DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://127.0.0.1:1/crm?socketFactory=java.lang.Object");
        assertThatThrownBy(() -> Databases.open(url, "the merge store", "test"))
                .isInstanceOfSatisfying(DatasurfaceException.class, e -> assertThat(e.retriable()).isFalse())
                .hasMessageStartingWith("cannot connect to the merge store at jdbc:postgresql://127.0.0.1:1/crm?"
                        + "socketFactory=java.lang.Object: PostgreSQL URL parameter(s) 'socketFactory' are not allowed");
    }

    @Test
    void aModelAddressWhoseHostSmugglesParametersIsRefused() {
        ContainerSpec evil = new ContainerSpec("postgres", "db/crm?socketFactory=x&", 5432, "crm", null);
        CredentialStore store = CredentialStore.fromEnvironment(Map.of());
        assertThatThrownBy(() -> Databases.address(evil, null, store, "the source of crm"))
                .isInstanceOf(DatasurfaceException.class)
                .hasMessage("the model's address of the source of crm is refused: 'db/crm?socketFactory=x&' is not a "
                        + "host name or IP address");
    }

    @Test
    void anotherDriverIsRefusedWithoutRepeatingThePassword() {
        DatabaseUrl url = DatabaseUrl.parse("jdbc:mysql://db/x?user=root&password=hunter2");
        assertThatThrownBy(() -> Databases.open(url, "the source of crm", "test", JdbcPolicy.POSTGRES_AND_H2))
                .hasMessageContaining("'jdbc:mysql:' URLs are not supported").hasMessageNotContaining("hunter2");
    }
}
