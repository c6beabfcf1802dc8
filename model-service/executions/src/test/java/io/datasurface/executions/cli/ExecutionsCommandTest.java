package io.datasurface.executions.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** Everything the command checks before it connects: no database needed. */
class ExecutionsCommandTest {
    private static final String PASSWORD = "Pa55-w0rd-never-shown";
    private static final String GUID = "3f2b8c1e-0b7a-4c55-9a41-2d4f6e8a9b10";
    /** A port nothing listens on: the commands below must fail before connecting. */
    private static String url;

    @TempDir
    Path models;

    @BeforeAll
    static void closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            url = "postgresql+psycopg2://etl:" + PASSWORD + "@127.0.0.1:" + s.getLocalPort() + "/pipeline";
        }
    }

    @ParameterizedTest(name = "{0} --help")
    @ValueSource(strings = {"init-execution", "get-last-successful-execution", "get-execution-completion-timestamp",
        "init-step", "compare-step-models", "complete-step", "complete-execution", "migrate"})
    void everyCommandHasHelp(String command) {
        for (CliRun run : new CliRun[] {CliRun.of(url, command, "--help"), CliRun.of(command, "-h")}) {
            assertThat(run.exitCode()).isZero();
            assertThat(run.out()).contains("Usage: executions [-l=LEVEL] DB_URL " + command);
            assertThat(run.err()).isEmpty();
        }
    }

    @Test
    void theTopLevelHelpListsTheCommandsAndTheUrlForms() {
        CliRun run = CliRun.of("--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("DB_URL COMMAND", "--log-level", "postgresql[+DRIVER]:", "init-execution",
                "get-last-successful-execution", "get-execution-completion-timestamp", "init-step",
                "compare-step-models", "complete-step", "complete-execution", "migrate");
    }

    @Test
    void anUnknownCommandIsOneLineNamingIt() {
        assertThat(CliRun.of(url, "persist-models").error())
                .contains("unknown command 'persist-models'", "init-execution", "compare-step-models")
                .doesNotContain(PASSWORD);
    }

    @Test
    void noCommandIsOneLine() {
        assertThat(CliRun.of(url).error()).contains("no COMMAND after DB_URL").doesNotContain(PASSWORD);
    }

    @Test
    void argumentsInTheWrongOrderDoNotShowThePassword() {
        assertThat(CliRun.of("init-execution", url).error()).doesNotContain(PASSWORD);
        assertThat(CliRun.of(url, "complete-execution", GUID, url).error()).doesNotContain(PASSWORD)
                .contains("etl:****@");
        assertThat(CliRun.of("jdbc:postgresql://h/db?user=u&password=" + PASSWORD, "frob").error())
                .doesNotContain(PASSWORD);
    }

    @Test
    void aCommandWithoutDbUrlIsOneLine() {
        assertThat(CliRun.of("init-execution").error()).contains("DB_URL is missing");
        assertThat(CliRun.of("frob").error()).contains("'frob' is neither a DB_URL nor a command");
        assertThat(CliRun.of().error()).contains("DB_URL and COMMAND are missing");
    }

    @Test
    void aMissingArgumentIsOneLine() {
        assertThat(CliRun.of(url, "complete-execution").error()).contains("EXECUTION_ID")
                .contains("executions complete-execution --help");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"get-execution-completion-timestamp", "complete-execution", "complete-step"})
    void aNonGuidIdIsOneLine(String command) {
        assertThat(CliRun.of(url, command, "not-a-guid").error())
                .contains("'not-a-guid' is not a valid", "expected a GUID");
    }

    @Test
    void aNonGuidPreviousExecutionIsOneLine() {
        assertThat(CliRun.of(url, "compare-step-models", GUID, "12345").error())
                .contains("'12345' is not a valid previous execution id");
    }

    @Test
    void aMalformedPatternIsOneLine() {
        assertThat(CliRun.of(url, "init-step", GUID, "LOAD", models.toString(), "*.sql", "[oops").error())
                .contains("pattern '[oops' is malformed");
    }

    @Test
    void patternsAreRequired() {
        assertThat(CliRun.of(url, "init-step", GUID, "LOAD", models.toString()).error()).contains("PATTERN");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"-1", "lots", "9223372036854775808"})
    void rowsProcessedIsABigint(String rows) {
        assertThat(CliRun.of(url, "complete-step", GUID, rows).error())
                .contains("ROWS_PROCESSED '" + rows + "' is not a whole number from 0 to 9223372036854775807");
    }

    @Test
    void aBadLogLevelIsOneLineListingTheLevels() {
        assertThat(CliRun.of("--log-level", "LOUD", url, "init-execution").error())
                .contains("'LOUD' is not a log level; choose from CRITICAL, ERROR, WARNING, INFO, DEBUG");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"critical", "ERROR", "Warning", "info"})
    void theReferenceLogLevelsAreAccepted(String level) {
        assertThat(CliRun.of("-l", level, url, "init-step", GUID, "LOAD", models.toString(), "[").error())
                .contains("is malformed");
    }

    @Test
    void atDebugTheFailureIsLoggedWithItsTraceBeforeTheErrorLine() {
        CliRun run = CliRun.of("--log-level", "debug", url, "init-step", GUID, "LOAD", models.toString(), "[");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("DEBUG io.datasurface.executions.cli.ExecutionsCommand: init-step failed")
                .contains("at io.datasurface.executions.Glob");
        assertThat(run.err().lines().reduce((a, b) -> b).orElseThrow()).startsWith("error: pattern '[' is malformed");
    }

    @Test
    void aUrlThatIsNotPostgresIsOneLine() {
        assertThat(CliRun.of("mysql://root:hunter2@db/x", "init-execution").error())
                .contains("is not understood").doesNotContain("hunter2");
        assertThat(CliRun.of("jdbc:h2:mem:x;PASSWORD=hunter2", "init-execution").error())
                .contains("executions are kept in PostgreSQL").doesNotContain("hunter2");
    }

    @Test
    void completionTimestampsHaveMicrosecondsAndANumericOffset() {
        OffsetDateTime t = OffsetDateTime.of(2026, 11, 22, 10, 1, 2, 123_456_000, ZoneOffset.UTC);
        assertThat(GetExecutionCompletionTimestampCommand.FORMAT.format(t)).isEqualTo("2026-11-22T10:01:02.123456+00:00");
        assertThat(GetExecutionCompletionTimestampCommand.FORMAT.format(t.withNano(0)))
                .isEqualTo("2026-11-22T10:01:02.000000+00:00");
    }

    @Test
    void aHostAddsTheCommandAndKeepsItsErrorsOneLineWithoutPasswords() {
        java.io.StringWriter err = new java.io.StringWriter();
        CommandLine host = new CommandLine(new Host());
        host.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println("host: " + e.getMessage());
            return 2;
        });
        ExecutionsCommand.addTo(host);
        host.setErr(new java.io.PrintWriter(err, true));
        assertThat(host.execute("executions", "init-execution", url)).isEqualTo(1);
        assertThat(err.toString()).contains("Unmatched argument");
        assertThat(err.toString()).startsWith("error: ").doesNotContain(PASSWORD)
                .contains("run 'host executions init-execution --help'");
        assertThat(err.toString().lines()).hasSize(1);
        assertThat(host.execute("--frob")).as("the host's own errors stay the host's").isEqualTo(2);
    }

    @CommandLine.Command(name = "host")
    static final class Host implements Runnable {
        @Override
        public void run() {
        }
    }
}
