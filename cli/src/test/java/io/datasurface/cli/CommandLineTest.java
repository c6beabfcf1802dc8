package io.datasurface.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.datasurface.model.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandLineTest {
    static final Path MVP = Path.of("../docs/examples/mvp");
    static final String CUSTOMERS = "zones/retail/teams/crm/customers.yaml";

    @TempDir
    Path tmp;

    @Test
    void validateTheExampleSucceeds() {
        CliRun run = CliRun.of("validate", "--model", MVP.toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("OK, no errors");
    }

    @Test
    void validateReportsEachProblemWithFileAndLineAndFails() throws IOException {
        Path model = copy(MVP);
        edit(model.resolve(CUSTOMERS), "{ name: id,         type: varchar(20),  primaryKey: true }",
                "{ name: id,         type: varchr(20),  primaryKey: true }");
        CliRun run = CliRun.of("validate", "--model", model.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("ERROR " + CUSTOMERS + ":21: column 'id': unknown column type 'varchr(20)'");
        assertThat(run.out()).as("every accepted type is listed, decimal(p) and decimal too")
                .contains("decimal(p,s), decimal(p), decimal", "numeric", "double precision", "timestamptz");
        assertThat(run.out()).contains("1 error");
    }

    @Test
    void validateRefusesADatastoreThatUsesTheMergeStoresCredential() throws IOException {
        Path model = copy(MVP);
        edit(model.resolve(CUSTOMERS), "credential: crm_reader", "credential: merge_rw");
        CliRun run = CliRun.of("validate", "--model", model.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("ERROR " + CUSTOMERS + ":16: datastore 'customers' of team 'crm' (zone 'retail') "
                + "may not use credential 'merge_rw': the ecosystem allows it for platforms yellow_live, yellow_forensic");
    }

    @Test
    void warningsAloneDoNotFailValidation() throws IOException {
        Path model = copy(MVP);
        Files.writeString(model.resolve("dsg_platform_mapping.json"), "[]");
        CliRun run = CliRun.of("validate", "--model", model.toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("WARNING zones/retail/teams/analytics/analytics.yaml:7:")
                .contains("OK, no errors, 2 warnings");
    }

    @Test
    void jsonFormatIsMachineReadable() throws IOException {
        Path model = copy(MVP);
        edit(model.resolve(CUSTOMERS), "team: crm", "team: crm\nbogus: 1");
        CliRun run = CliRun.of("validate", "--model", model.toString(), "--format", "json");
        assertThat(run.exitCode()).isEqualTo(1);
        JsonNode doc = Json.mapper().readTree(run.out());
        assertThat(doc.get("valid").asBoolean()).isFalse();
        assertThat(doc.get("errors").asInt()).isEqualTo(1);
        JsonNode p = doc.get("problems").get(0);
        assertThat(p.get("severity").asText()).isEqualTo("ERROR");
        assertThat(p.get("file").asText()).isEqualTo(CUSTOMERS);
        assertThat(p.get("line").asInt()).isEqualTo(5);
        assertThat(p.get("rule").asText()).isEqualTo("unknown-key");
    }

    @Test
    void githubFormatWritesAnnotationsWithPathsFromTheWorkingDirectory() throws IOException {
        Path model = copy(MVP);
        edit(model.resolve(CUSTOMERS), "team: crm", "team: crm\nbogus: 1");
        CliRun run = CliRun.of("validate", "--model", model.toString(), "--format", "github");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("::error file=" + model.resolve(CUSTOMERS) + ",line=5,title=datasurface "
                + "unknown-key::unknown key 'bogus' in Datastore");
    }

    @Test
    void checkChangesRejectsAChangeFromARepoThatDoesNotOwnIt() throws IOException {
        Path head = copy(MVP);
        edit(head.resolve("ecosystem.yaml"), "credential: merge_rw", "credential: merge_admin");
        edit(head.resolve("ecosystem.yaml"), "- name: merge_rw", "- name: merge_admin");
        CliRun run = CliRun.of("check-changes", "--base", MVP.toString(), "--head", head.toString(),
                "--source-repo", "github:acme/crm-model@main");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("ERROR ecosystem.yaml:19: platform 'yellow_live' was changed by repo "
                + "'github:acme/crm-model@main', but it belongs to the ecosystem (repo 'github:acme/datasurface-model@main')");

        CliRun owner = CliRun.of("check-changes", "--base", MVP.toString(), "--head", head.toString(),
                "--source-repo", "github:acme/datasurface-model@main");
        assertThat(owner.exitCode()).isZero();
        assertThat(owner.out()).contains("OK, no errors");
    }

    @Test
    void checkChangesRejectsANarrowedColumn() throws IOException {
        Path head = copy(MVP);
        edit(head.resolve(CUSTOMERS), "{ name: email,      type: varchar(200) }", "{ name: email,      type: varchar(50) }");
        CliRun run = CliRun.of("check-changes", "--base", MVP.toString(), "--head", head.toString(),
                "--source-repo", "github:acme/crm-model@main");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains(CUSTOMERS + ":24: dataset 'customers/customers': column 'email' changed from "
                + "varchar(200) to varchar(50), which narrows it");
    }

    @Test
    void graphPrintsStreamsAndTheExampleViews() {
        CliRun run = CliRun.of("graph", "--model", MVP.toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("yellow_live/customers  sql-snapshot, cron: */1 * * * *",
                "yellow_live_analytics_live_customers_view", "yellow_live_analytics_live_addresses_view",
                "yellow_forensic_analytics_audit_customers_view, yellow_forensic_analytics_audit_customers_view_history",
                "yellow_forensic_analytics_audit_addresses_view, yellow_forensic_analytics_audit_addresses_view_history");
    }

    @Test
    void graphJsonForOnePlatform() throws IOException {
        CliRun run = CliRun.of("graph", "--model", MVP.toString(), "--platform", "yellow_live", "--format", "json");
        assertThat(run.exitCode()).isZero();
        JsonNode g = Json.mapper().readTree(run.out());
        assertThat(g.get("platform").asText()).isEqualTo("yellow_live");
        assertThat(g.get("streams").get(0).get("key").asText()).isEqualTo("yellow_live/customers");
        assertThat(g.get("exports")).hasSize(2);
    }

    @Test
    void graphOfAnUnknownPlatformNamesTheKnownOnes() {
        CliRun run = CliRun.of("graph", "--model", MVP.toString(), "--platform", "yellow");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("platform 'yellow' is not declared by the ecosystem; its platforms are: "
                + "yellow_forensic, yellow_live");
    }

    @Test
    @DisplayName("regression: reconcile-views of a platform the model does not declare says Platform 'X' not found "
            + "(the view reconciler's contract wording), then the declared ones, and exits 1 before connecting")
    void reconcileViewsOfAnUnknownPlatformSaysPlatformNotFound() {
        CliRun run = CliRun.of("reconcile-views", "--model", MVP.toString(), "--platform", "yellow");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines()).containsExactly("Platform 'yellow' not found",
                "The model declares these platforms: yellow_live, yellow_forensic");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void graphOfAnInvalidModelPrintsItsErrorsInstead() throws IOException {
        Path model = copy(MVP);
        edit(model.resolve(CUSTOMERS), "team: crm", "team: nobody");
        CliRun run = CliRun.of("graph", "--model", model.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("belongs to team 'nobody', which no zone declares")
                .contains("a model with errors has no pipeline graph");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void upWithAMissingModelFolderIsOneClearLine() {
        CliRun run = CliRun.of("up", "--model", tmp.resolve("nowhere").toString(), "--data-dir", tmp.resolve("d").toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("nowhere");
    }

    @Test
    void aMissingModelFolderIsOneClearLine() {
        CliRun run = CliRun.of("validate", "--model", tmp.resolve("nope").toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).startsWith("error: --model").endsWith("does not exist; pass the folder that holds "
                + "the model's YAML files").doesNotContain("\n").doesNotContain("Exception");
    }

    @Test
    void aMissingOptionIsAUsageErrorWithExitCode1() {
        CliRun run = CliRun.of("validate");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("Missing required option: '--model=DIR'")
                .contains("Run 'datasurface validate --help' for usage.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "up", "images", "validate", "check-changes", "graph", "run-job", "reconcile-views",
        "executions"})
    void everyCommandHasHelp(String command) {
        CliRun run = command.isEmpty() ? CliRun.of("--help") : CliRun.of(command, "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Usage: datasurface" + (command.isEmpty() ? "" : " " + command))
                .contains("-h, --help");
    }

    @Test
    void theTopLevelHelpListsEveryCommand() {
        assertThat(CliRun.of("--help").out()).contains("up", "images", "validate", "check-changes", "graph",
                "run-job", "reconcile-views", "executions");
    }

    @Test
    void imagesSaysWhatItNeedsAndHowToPush() {
        assertThat(CliRun.of("images", "--help").out()).contains("podman", "setup-podman.sh", "--base",
                "docs/deploy.md");
    }

    @Test
    void executionsWithAnUnreachableDatabaseIsOneLineWithoutThePassword() throws IOException {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        CliRun run = CliRun.of("executions", "postgresql+psycopg2://etl:Hunter2-secret@127.0.0.1:" + closedPort + "/db",
                "init-execution");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).contains("127.0.0.1:" + closedPort).doesNotContain("Hunter2-secret");
        assertThat(run.out()).isEmpty();
    }

    private Path copy(Path from) throws IOException {
        Path to = tmp.resolve("model");
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.sorted(Comparator.naturalOrder()).toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return to;
    }

    private static void edit(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        assertThat(text).as("fixture text to replace in " + file).contains(from);
        Files.writeString(file, text.replace(from, to));
    }
}
