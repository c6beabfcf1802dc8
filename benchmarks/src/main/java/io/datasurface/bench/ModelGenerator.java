package io.datasurface.bench;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a synthetic but valid model: {@code stores} datastores of {@code datasetsPerStore} datasets
 * (8 columns each) owned by producer teams of 10 stores, and {@code workspaces} workspaces, each with a
 * live-only and a forensic dataset group of 5 sinks, owned by consumer teams of 10 workspaces, in 10
 * zones, with every group assigned in dsg_platform_mapping.json; each producer team has one source
 * credential, bound to the hosts of its datastores.
 */
final class ModelGenerator {
    private static final int ZONES = 10;
    private static final int PER_TEAM = 10;
    private static final int SINKS_PER_GROUP = 5;

    private ModelGenerator() {
    }

    static void write(Path root, int stores, int datasetsPerStore, int workspaces) throws IOException {
        Files.createDirectories(root);
        int producerTeams = (stores + PER_TEAM - 1) / PER_TEAM;
        int consumerTeams = (workspaces + PER_TEAM - 1) / PER_TEAM;
        try (Writer w = Files.newBufferedWriter(root.resolve("ecosystem.yaml"), StandardCharsets.UTF_8)) {
            w.write("kind: Ecosystem\nname: bench\nrepo: github:bench/eco@main\nzones:\n");
            for (int z = 0; z < ZONES; z++) {
                w.write("  - { name: zone" + z + ", repo: github:bench/zone" + z + "@main }\n");
            }
            w.write("containers:\n  - { name: merge_db, kind: postgres, host: localhost, port: 5432, database: ds }\n");
            w.write("platforms:\n");
            w.write("  - { name: live, kind: yellow, milestoning: live-only, mergeStore: merge_db, credential: m }\n");
            w.write("  - { name: forensic, kind: yellow, milestoning: forensic, mergeStore: merge_db, credential: m }\n");
            w.write("credentials:\n  - { name: m, platforms: [live, forensic], containers: [merge_db] }\n");
            for (int t = 0; t < producerTeams; t++) {
                StringBuilder hosts = new StringBuilder();
                for (int s = t * PER_TEAM; s < Math.min(stores, (t + 1) * PER_TEAM); s++) {
                    hosts.append(hosts.length() == 0 ? "" : ", ").append("db").append(s);
                }
                w.write("  - { name: producer" + t + "_reader, teams: [producer" + t + "], hosts: [" + hosts + "] }\n");
            }
        }
        for (int z = 0; z < ZONES; z++) {
            Path zoneDir = Files.createDirectories(root.resolve("zones/zone" + z));
            try (Writer w = Files.newBufferedWriter(zoneDir.resolve("zone.yaml"), StandardCharsets.UTF_8)) {
                w.write("kind: GovernanceZone\nname: zone" + z + "\nteams:\n");
                for (int t = z; t < producerTeams; t += ZONES) {
                    w.write("  - { name: producer" + t + ", repo: github:bench/producer" + t + "@main }\n");
                }
                for (int t = z; t < consumerTeams; t += ZONES) {
                    w.write("  - { name: consumer" + t + ", repo: github:bench/consumer" + t + "@main }\n");
                }
            }
        }
        for (int s = 0; s < stores; s++) {
            int team = s / PER_TEAM;
            Path dir = Files.createDirectories(root.resolve("zones/zone" + (team % ZONES) + "/producer" + team));
            try (Writer w = Files.newBufferedWriter(dir.resolve("store" + s + ".yaml"), StandardCharsets.UTF_8)) {
                datastore(w, s, team, datasetsPerStore);
            }
        }
        StringBuilder mapping = new StringBuilder("[\n");
        for (int ws = 0; ws < workspaces; ws++) {
            int team = ws / PER_TEAM;
            Path dir = Files.createDirectories(root.resolve("zones/zone" + (team % ZONES) + "/consumer" + team));
            try (Writer w = Files.newBufferedWriter(dir.resolve("ws" + ws + ".yaml"), StandardCharsets.UTF_8)) {
                workspace(w, ws, team, stores, datasetsPerStore);
            }
            mapping.append(ws == 0 ? "" : ",\n")
                    .append("  {\"workspace\": \"ws").append(ws).append("\", \"dsg\": \"now\", \"assignments\": ")
                    .append("[{\"dataPlatform\": \"live\", \"status\": \"PROVISIONED\"}]},\n")
                    .append("  {\"workspace\": \"ws").append(ws).append("\", \"dsg\": \"audit\", \"assignments\": ")
                    .append("[{\"dataPlatform\": \"forensic\", \"status\": \"PROVISIONED\"}]}");
        }
        mapping.append("\n]\n");
        Files.writeString(root.resolve("dsg_platform_mapping.json"), mapping);
    }

    private static void datastore(Writer w, int s, int team, int datasets) throws IOException {
        w.write("kind: Datastore\nname: store" + s + "\nteam: producer" + team + "\n");
        w.write("capture:\n  type: sql-snapshot\n  consistency: " + (s % 3 == 0 ? "single-dataset" : "multi-dataset")
                + "\n  trigger: { cron: \"*/5 * * * *\" }\n");
        w.write("  source: { kind: postgres, host: db" + s + ", port: 5432, database: src }\n  credential: producer" + team
                + "_reader\n");
        w.write("datasets:\n");
        for (int d = 0; d < datasets; d++) {
            w.write("  - name: table" + d + "\n    classifications: [PC3]\n    columns:\n");
            w.write("      - { name: id, type: bigint, primaryKey: true }\n");
            w.write("      - { name: name, type: varchar(100), nullable: false }\n");
            w.write("      - { name: email, type: varchar(200) }\n");
            w.write("      - { name: amount, type: \"decimal(12,2)\" }\n");
            w.write("      - { name: born, type: date }\n");
            w.write("      - { name: updated_at, type: timestamp, nullable: false }\n");
            w.write("      - { name: active, type: boolean }\n");
            w.write("      - { name: notes, type: text }\n");
        }
    }

    private static void workspace(Writer w, int ws, int team, int stores, int datasets) throws IOException {
        w.write("kind: Workspace\nname: ws" + ws + "\nteam: consumer" + team + "\ndatasetGroups:\n");
        for (String group : new String[] {"now", "audit"}) {
            w.write("  - name: " + group + "\n    requirements: { milestoning: "
                    + (group.equals("now") ? "live-only" : "forensic") + " }\n    sinks: [");
            for (int k = 0; k < SINKS_PER_GROUP; k++) {
                long n = (long) ws * 7919 + k * 104729L + (group.equals("now") ? 0 : 15485863L);
                int store = (int) (n % stores);
                int dataset = k % datasets; // distinct dataset names: views are named after the dataset, not the store
                w.write((k == 0 ? "" : ", ") + "store" + store + "/table" + dataset);
            }
            w.write("]\n");
        }
    }
}
