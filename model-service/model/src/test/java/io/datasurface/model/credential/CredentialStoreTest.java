package io.datasurface.model.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasurface.model.fault.DatasurfaceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

    @ParameterizedTest(name = "{0}")
    @DisplayName("a credential name that is not identifier-like never reaches the file store (no escape from DIR)")
    @ValueSource(strings = {"../outside", "..", ".", "crm/../../outside", "/etc/outside", "crm reader", "crm.reader",
        "crm\\reader", "", "1st", "crm\nreader"})
    void aNameThatIsNotAnIdentifierIsRefusedByTheDirectoryStore(String name, @TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("secrets"));
        for (Path folder : new Path[] {tmp.resolve("outside"), dir.resolve("crm"), tmp}) {
            Files.createDirectories(folder);
            Files.writeString(folder.resolve("user"), "u");
            Files.writeString(folder.resolve("password"), "leaked");
        }
        CredentialStore store = CredentialStore.fromDirectory(dir);
        assertThatThrownBy(() -> store.get(name)).isInstanceOf(DatasurfaceException.class)
                .hasMessageContaining("is not a name").hasMessageNotContaining("leaked")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aNameThatIsNotAnIdentifierIsRefusedByTheEnvironmentStore() {
        CredentialStore store = CredentialStore.fromEnvironment(Map.of("A_B_USER", "u", "A_B_PASSWORD", "p"));
        assertThatThrownBy(() -> store.get("a.b")).isInstanceOf(DatasurfaceException.class)
                .hasMessage("credential name 'a.b' is not a name: use a letter, then letters, digits, '_' or '-' "
                        + "(no '/', '.' or spaces); fix the model");
        assertThat(store.get("a-b")).isEqualTo(new Credential("u", "p"));
    }
}
