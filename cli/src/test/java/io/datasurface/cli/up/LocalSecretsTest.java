package io.datasurface.cli.up;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalSecretsTest {
    @TempDir
    Path data;

    @Test
    @DisplayName("up's secret files are readable by their owner only, also when they already existed readable by all (issue 11)")
    void secretFilesAreOwnerOnlyAlsoWhenTheyExisted() throws Exception {
        Path webhook = Files.writeString(data.resolve("webhook-secret"), "an-older-webhook-secret\n");
        Files.setPosixFilePermissions(webhook, PosixFilePermissions.fromString("rw-r--r--"));
        Path store = Files.createDirectories(data.resolve("secrets/crm_reader"));
        Files.setPosixFilePermissions(store.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path password = Files.writeString(store.resolve("password"), "old");
        Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-rw-rw-"));

        Path own = Files.createDirectories(data.resolve("secrets/my_source"));
        Files.setPosixFilePermissions(own, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path ownPassword = Files.writeString(own.resolve("password"), "mine");
        Files.setPosixFilePermissions(ownPassword, PosixFilePermissions.fromString("rw-r--r--"));

        LocalSecrets secrets = LocalSecrets.open(data);
        assertThat(secrets.webhookSecret()).as("an existing secret is kept").isEqualTo("an-older-webhook-secret");
        String token = secrets.adminToken();
        assertThat(token).hasSize(48).isEqualTo(secrets.adminToken());
        secrets.credential("crm_reader", "crm", "s3cret");
        secrets.credential("merge_rw", "merge", "s3cret2");

        assertThat(Files.readString(password)).isEqualTo("s3cret");
        for (Path f : new Path[] {webhook, secrets.adminTokenFile(), password, store.resolve("user"),
                data.resolve("secrets/merge_rw/password"), ownPassword}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).as(f.toString()).isEqualTo("rw-------");
        }
        for (Path d : new Path[] {data.resolve("secrets"), store, data.resolve("secrets/merge_rw"), own}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(d))).as(d.toString()).isEqualTo("rwx------");
        }
    }

    @Test
    void secretSettingsGoByTheEnvironmentNamesQuarkusReads() {
        assertThat(ServiceProcesses.environmentName("quarkus.datasource.password")).isEqualTo("QUARKUS_DATASOURCE_PASSWORD");
        assertThat(ServiceProcesses.environmentName("datasurface.model-service.webhook-secret"))
                .isEqualTo("DATASURFACE_MODEL_SERVICE_WEBHOOK_SECRET");
        assertThat(ServiceProcesses.environmentName("datasurface.admin.token")).isEqualTo("DATASURFACE_ADMIN_TOKEN");
    }
}
