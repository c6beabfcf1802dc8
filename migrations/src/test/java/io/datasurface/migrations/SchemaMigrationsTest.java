package io.datasurface.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaMigrationsTest {
    private static final ClassLoader LOADER = SchemaMigrationsTest.class.getClassLoader();

    @Test
    void versionsAreWhatFlywayRecords() {
        assertThat(SchemaMigrations.version("V1__executions.sql")).isEqualTo("1");
        assertThat(SchemaMigrations.version("V2_1__more.sql")).isEqualTo("2.1");
    }

    @Test
    void scriptsMustBeListedOldestFirstAsFlywayOrdersVersions() {
        assertThat(SchemaMigrations.of("s", LOADER, "db/", List.of("V1__a.sql", "V1_1__b.sql", "V2__c.sql", "V10__d.sql"))
                .schema()).isEqualTo("s");
        assertThatThrownBy(() -> SchemaMigrations.of("s", LOADER, "db/", List.of("V10__a.sql", "V2__b.sql")))
                .hasMessageContaining("out of order: V10__a.sql before V2__b.sql");
        assertThatThrownBy(() -> SchemaMigrations.of("s", LOADER, "db/", List.of("V1__a.sql", "V1__b.sql")))
                .hasMessageContaining("out of order");
    }

    @Test
    void aMisnamedScriptOrFolderIsRefused() {
        assertThatThrownBy(() -> SchemaMigrations.of("s", LOADER, "db/", List.of("V1_a.sql")))
                .hasMessageContaining("V1_a.sql is not named V<version>__<name>.sql");
        assertThatThrownBy(() -> SchemaMigrations.of("s", LOADER, "db/", List.of("R__repeatable.sql")))
                .hasMessageContaining("is not named");
        assertThatThrownBy(() -> SchemaMigrations.of("s", LOADER, "db", List.of("V1__a.sql")))
                .hasMessageContaining("ends in /");
    }
}
