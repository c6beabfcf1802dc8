package io.datasurface.executions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasurface.model.credential.DatabaseUrl;
import io.datasurface.model.fault.DatasurfaceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PostgresDataSourcesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "jdbc:postgresql://db.example.com:5433/pipeline?user=etl&password=S3cret&sslmode=disable, etl, S3cret",
        "postgresql+psycopg2://etl:S3cret@db.example.com:5433/pipeline, etl, S3cret",
        "postgresql://etl:p%40ss@db.example.com:5433/pipeline, etl, p@ss",
        "jdbc:postgresql://db.example.com:5433/pipeline?password=p%40ss&user=etl, etl, p@ss",
    })
    void theCredentialLeavesTheUrl(String text, String user, String password) {
        PostgresDataSources.Source ds = PostgresDataSources.of(DatabaseUrl.parse(text));
        assertThat(ds.user()).isEqualTo(user);
        assertThat(ds.password()).isEqualTo(password);
        assertThat(ds.url()).startsWith("jdbc:postgresql://db.example.com:5433/pipeline")
                .doesNotContain(password).doesNotContainIgnoringCase("password").doesNotContain("user=");
        assertThat(ds.toString()).doesNotContain(password);
    }

    @Test
    void otherParametersStay() {
        assertThat(PostgresDataSources.of(DatabaseUrl.parse(
                "jdbc:postgresql://h:5432/db?sslmode=require&password=x&user=u&ApplicationName=a")).url())
                .isEqualTo("jdbc:postgresql://h:5432/db?sslmode=require&ApplicationName=a");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jdbc:h2:mem:x;PASSWORD=hunter2", "jdbc:mysql://root:hunter2@db/x"})
    void otherDatabasesAreRefusedWithoutRepeatingThePassword(String text) {
        assertThatThrownBy(() -> PostgresDataSources.of(DatabaseUrl.parse(text)))
                .isInstanceOf(DatasurfaceException.class)
                .hasMessageContaining("executions are kept in PostgreSQL")
                .hasMessageNotContaining("hunter2");
    }
}
