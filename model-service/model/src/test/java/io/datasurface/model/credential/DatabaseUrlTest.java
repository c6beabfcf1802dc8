package io.datasurface.model.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasurface.model.ContainerDef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DatabaseUrlTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "postgresql://ds:s3cret@db.example.com:5433/merge, jdbc:postgresql://db.example.com:5433/merge, ds, s3cret",
        "postgresql+psycopg2://ds:s3cret@10.0.0.1:5432/merge, jdbc:postgresql://10.0.0.1:5432/merge, ds, s3cret",
        "postgres://ds:p%40ss%3Aword@localhost/merge, jdbc:postgresql://localhost:5432/merge, ds, p@ss:word",
        "postgresql://ds:pa/ss@word@db:5432/merge, jdbc:postgresql://db:5432/merge, ds, pa/ss@word",
    })
    void pythonStyleUrlsBecomeJdbcWithACredential(String text, String jdbc, String user, String password) {
        DatabaseUrl url = DatabaseUrl.parse(text);
        assertThat(url.jdbcUrl()).isEqualTo(jdbc);
        assertThat(url.credential()).contains(new Credential(user, password));
        assertThat(url.redacted()).doesNotContain(password).contains(user + "@");
        assertThat(url.toString()).doesNotContain(password);
    }

    @Test
    void jdbcUrlsPassThroughAndAreRedactedForMessages() {
        DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://h:5432/db?user=u&password=topsecret");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/db?user=u&password=topsecret");
        assertThat(url.credential()).isEmpty();
        assertThat(url.redacted()).isEqualTo("jdbc:postgresql://h:5432/db?user=u&password=****");
    }

    @Test
    void redactHidesPasswordsHoldingSlashesAndAtSigns() {
        assertThat(DatabaseUrl.redact("cannot reach postgresql://ds:pa/ss@w0rd@db:5432/merge now"))
                .isEqualTo("cannot reach postgresql://ds:****@db:5432/merge now");
        assertThat(DatabaseUrl.redact("No suitable driver found for jdbc:postgres://h/db?user=ds&password=S3cret"))
                .doesNotContain("S3cret");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "jdbc:mysql://app:Hunter2x@db:3306/shop | jdbc:mysql://app:****@db:3306/shop",
        "jdbc:sqlserver://db:1433;databaseName=shop;user=app;password=Hunter2x | jdbc:sqlserver://db:1433;databaseName=shop;user=app;password=****",
        "jdbc:h2:tcp://db/shop;USER=sa;PASSWORD=Hunter2x;MODE=PostgreSQL | jdbc:h2:tcp://db/shop;USER=sa;PASSWORD=****;MODE=PostgreSQL",
        "jdbc:db2://db:50000/shop:user=app;password=Hunter2x; | jdbc:db2://db:50000/shop:user=app;password=****;",
        "jdbc:oracle:thin:app/Hunter2x@//db:1521/shop | jdbc:oracle:thin:app/****@//db:1521/shop",
        "jdbc:postgresql://db/shop?user=app&sslpassword=Hunter2x&ssl=true | jdbc:postgresql://db/shop?user=app&sslpassword=****&ssl=true",
        "jdbc:snowflake://acme.snowflakecomputing.com/?user=app&private_key_pwd=Hunter2x | jdbc:snowflake://acme.snowflakecomputing.com/?user=app&private_key_pwd=****",
        "jdbc:databricks://db:443;AuthMech=3;UID=token;PWD=Hunter2x | jdbc:databricks://db:443;AuthMech=3;UID=token;PWD=****",
        "jdbc:bigquery://db;OAuthClientSecret=Hunter2x;OAuthAccessToken=Hunter2x | jdbc:bigquery://db;OAuthClientSecret=****;OAuthAccessToken=****",
        "jdbc:postgresql://db:5432/shop?user=app | jdbc:postgresql://db:5432/shop?user=app",
    })
    void redactRemovesThePasswordOfEveryJdbcUrlSyntax(String url, String redacted) {
        assertThat(DatabaseUrl.redact(url)).isEqualTo(redacted).doesNotContain("Hunter2x");
    }

    @Test
    void aJdbcContainersAddressForMessagesHasNoPassword() {
        ContainerDef c = new ContainerDef("erp", ContainerDef.JDBC, null, null, null,
                "jdbc:sqlserver://db:1433;user=app;password=Hunter2x", null);
        assertThat(c.address()).isEqualTo("jdbc:sqlserver://db:1433;user=app;password=****");
    }

    @Test
    void aJdbcUrlWithAUserCarriesItsOwnCredential() {
        assertThat(DatabaseUrl.parse("jdbc:postgresql://h:5432/db?user=u&password=p").carriesUser()).isTrue();
        assertThat(DatabaseUrl.parse("jdbc:postgresql://h:5432/db").carriesUser()).isFalse();
    }

    @Test
    void aUrlWithoutUserTakesTheDefaultCredential() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://localhost:5432/db").withDefaultCredential(new Credential("a", "b"));
        assertThat(url.credential()).contains(new Credential("a", "b"));
        DatabaseUrl own = DatabaseUrl.parse("postgresql://x:y@localhost:5432/db").withDefaultCredential(new Credential("a", "b"));
        assertThat(own.credential()).contains(new Credential("x", "y"));
    }

    @Test
    void anUnknownFormIsRejectedWithoutRepeatingThePassword() {
        assertThatThrownBy(() -> DatabaseUrl.parse("mysql://root:hunter2@db/x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbc:postgresql://HOST:PORT/DB")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void credentialToStringHidesThePassword() {
        assertThat(new Credential("u", "hunter2").toString()).doesNotContain("hunter2");
    }
}
