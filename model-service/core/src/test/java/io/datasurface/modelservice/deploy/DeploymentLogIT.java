package io.datasurface.modelservice.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasurface.embedded.EmbeddedPostgresServer;
import io.datasurface.embedded.PostgresExtension;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.ds.PGSimpleDataSource;

/** The deployments table keeps no credential, whatever it is handed. */
@ExtendWith(PostgresExtension.class)
class DeploymentLogIT {
    EmbeddedPostgresServer pg;
    DeploymentLog log;

    @BeforeEach
    void freshDatabase() {
        String name = "deployment_log_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        pg.createDatabase(name);
        PGSimpleDataSource db = new PGSimpleDataSource();
        db.setURL(pg.jdbcUrl(name));
        db.setPassword(pg.password());
        log = new DeploymentLog(db);
        log.open();
    }

    @Test
    void aSourceOrErrorWithAUrlsCredentialsIsRecordedWithoutThem() {
        String id = log.begin("c1", "github:acme/x@main", "https://bot:s3cret@git.acme.com/acme/x.git#c1").orElseThrow();
        log.finish(id, DeploymentStatus.FAILED, null, null, List.of(),
                "cannot fetch c1 of https://bot:s3cret@git.acme.com/acme/x.git: not authorized");

        assertThat(log.recent(10)).singleElement().satisfies(d -> {
            assertThat(d.source()).isEqualTo("https://****@git.acme.com/acme/x.git#c1");
            assertThat(d.error()).isEqualTo("cannot fetch c1 of https://****@git.acme.com/acme/x.git: not authorized");
        });
        assertThat(log.recent(10).toString()).doesNotContain("s3cret");
    }
}
