package io.datasurface.model.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasurface.model.fault.DatasurfaceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialStoreTest {

    @Test
    void environmentStoreReadsUpperCasedNamesWithUnderscores() {
        CredentialStore store = CredentialStore.fromEnvironment(Map.of("CRM_READER_USER", "reader",
                "CRM_READER_PASSWORD", "pw"));
        assertThat(store.get("crm-reader")).isEqualTo(new Credential("reader", "pw"));
        assertThat(store.get("crm_reader")).isEqualTo(new Credential("reader", "pw"));
    }

    @Test
    void aMissingVariableSaysWhichToSet() {
        CredentialStore store = CredentialStore.fromEnvironment(Map.of("MERGE_RW_USER", "u"));
        assertThatThrownBy(() -> store.get("merge_rw")).isInstanceOf(DatasurfaceException.class)
                .hasMessage("credential 'merge_rw' is not in the environment: set MERGE_RW_USER and MERGE_RW_PASSWORD");
    }

    @Test
    void directoryStoreReadsMountedSecretFiles(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("crm_reader"));
        Files.writeString(dir.resolve("crm_reader/user"), "reader\n");
        Files.writeString(dir.resolve("crm_reader/password"), "p w\n");
        CredentialStore store = CredentialStore.parse("file:" + dir);
        assertThat(store.get("crm_reader")).isEqualTo(new Credential("reader", "p w"));
        assertThatThrownBy(() -> store.get("other")).hasMessageContaining(dir.resolve("other/user").toString());
    }

    @Test
    void anUnknownStoreIsRejected() {
        assertThatThrownBy(() -> CredentialStore.parse("vault")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("credential store 'vault' is not understood; use env or file:DIR");
    }
}
