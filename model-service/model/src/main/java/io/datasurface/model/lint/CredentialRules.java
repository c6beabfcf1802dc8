package io.datasurface.model.lint;

import io.datasurface.model.ContainerDef;
import io.datasurface.model.CredentialDef;
import io.datasurface.model.Datastore;
import io.datasurface.model.Ecosystem;
import io.datasurface.model.Model;
import io.datasurface.model.PlatformDef;
import io.datasurface.model.credential.CredentialStore;
import io.datasurface.model.credential.DatabaseUrl;
import io.datasurface.model.credential.JdbcPolicy;
import io.datasurface.model.problem.Location;
import io.datasurface.model.problem.Problems;
import io.datasurface.model.problem.Suggest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Credentials are bound to where they may be used: every credential the model names is declared under the
 * ecosystem's {@code credentials:}, and each use is by someone the declaration allows (a platform for its
 * merge store, a datastore of an allowed team or zone) against a database it allows (an ecosystem container
 * it names, or a host it lists). Only the ecosystem repo can change the declarations, so no team can point
 * another team's credential, or the merge store's, at a server of its own.
 */
final class CredentialRules {
    private CredentialRules() {
    }

    static void check(Model m, Problems p) {
        Ecosystem eco = m.ecosystem().orElse(null);
        if (eco == null) {
            return;
        }
        eco.credentials().forEach(c -> declaration(m, c, p));
        for (PlatformDef pl : eco.platforms()) {
            String who = "platform '" + pl.name() + "'";
            Optional<ContainerDef> store = pl.mergeStore() == null ? Optional.empty() : m.container(pl.mergeStore())
                    .filter(c -> ContainerDef.POSTGRES.equals(c.kind())); // any other is reported by EcosystemRules
            use(m, pl.credential(), pl.at().of("credential"), who, c -> c.platforms().contains(pl.name()),
                    store.orElse(null), true, "its merge store", p);
        }
        for (Datastore store : m.datastores()) {
            if (store.capture() == null) {
                continue;
            }
            String team = store.team();
            if (team == null || m.teamDeclaration(team).isEmpty()) {
                continue; // reported by the loader or OwnerRules: who the datastore belongs to is unknown
            }
            String zone = m.zoneOfTeam(team).orElse(null);
            String who = "datastore '" + store.name() + "' of team '" + team + "'" + (zone == null ? "" : " (zone '"
                    + zone + "')");
            boolean reference = store.capture().source() != null && store.capture().source().kind() == null;
            use(m, store.capture().credential(), store.capture().at().of("credential"), who,
                    c -> c.teams().contains(team) || zone != null && c.zones().contains(zone),
                    m.sourceOf(store).orElse(null), reference, "its source", p);
        }
    }

    /** A declaration says who may use it and where, and names only things the model declares. */
    private static void declaration(Model m, CredentialDef c, Problems p) {
        String what = "credential '" + c.name() + "'";
        if (c.platforms().isEmpty() && c.zones().isEmpty() && c.teams().isEmpty()) {
            p.error(c.at(), "invalid-credential", what + " says nobody may use it; add 'platforms:' (merge store "
                    + "logins), 'teams:' or 'zones:' (datastore sources)");
        }
        if (c.containers().isEmpty() && c.hosts().isEmpty()) {
            p.error(c.at(), "invalid-credential", what + " says it may be used against no database; add "
                    + "'containers:' (ecosystem containers) or 'hosts:' (host names or IP addresses)");
        }
        List<String> platforms = m.platforms().stream().map(PlatformDef::name).toList();
        for (String pl : c.platforms()) {
            if (m.platform(pl).isEmpty()) {
                p.error(c.at().of("platforms"), "unknown-platform", what + " names platform '" + pl + "', which the "
                        + "ecosystem does not declare" + Suggest.didYouMean(pl, platforms));
            }
        }
        List<String> containers = m.ecosystem().map(e -> e.containers().stream().map(ContainerDef::name).toList())
                .orElse(List.of());
        for (String name : c.containers()) {
            if (m.container(name).isEmpty()) {
                p.error(c.at().of("containers"), "unknown-container", what + " names container '" + name + "', "
                        + "which the ecosystem does not declare" + Suggest.didYouMean(name, containers));
            }
        }
        List<String> zones = m.ecosystem().map(e -> e.zones().stream().map(z -> z.name()).toList()).orElse(List.of());
        for (String zone : c.zones()) {
            if (m.zoneDeclaration(zone).isEmpty()) {
                p.error(c.at().of("zones"), "undeclared-zone", what + " names zone '" + zone + "', which the "
                        + "ecosystem does not declare" + Suggest.didYouMean(zone, zones));
            }
        }
        List<String> teams = m.zones().stream().flatMap(z -> z.teams().stream()).map(t -> t.name()).toList();
        for (String team : c.teams()) {
            if (m.teamDeclaration(team).isEmpty()) {
                p.error(c.at().of("teams"), "undeclared-team", what + " names team '" + team + "', which no zone "
                        + "declares" + Suggest.didYouMean(team, teams) + "; a team a credential names must stay "
                        + "declared (so no other zone can take its name): remove it here first");
            }
        }
        for (String host : c.hosts()) {
            if (!JdbcPolicy.isHost(host)) {
                p.error(c.at().of("hosts"), "invalid-credential", what + " lists host '" + host + "', which is not "
                        + "a host name or IP address; list hosts without ports or paths");
            }
        }
    }

    /**
     * One use of a credential.
     *
     * @param target    the database it logs in to, null when the model does not say (reported elsewhere)
     * @param reference whether the user names the target as an ecosystem container (only then does a
     *                  container name in the declaration match: an inline source may carry any name)
     */
    private static void use(Model m, String name, Location at, String who, Predicate<CredentialDef> allows,
                            ContainerDef target, boolean reference, String targetWhat, Problems p) {
        if (name == null || !CredentialStore.isValidName(name)) {
            return; // missing, or not a name: reported by the loader and NameRules
        }
        String owner = m.ecosystem().map(Ecosystem::repo).orElse("?");
        Optional<CredentialDef> declared = m.credential(name);
        if (declared.isEmpty()) {
            List<String> names = m.ecosystem().map(e -> e.credentials().stream().map(CredentialDef::name).toList())
                    .orElse(List.of());
            p.error(at, "undeclared-credential", who + " uses credential '" + name + "', which the ecosystem does not "
                    + "declare" + Suggest.didYouMean(name, names) + "; the ecosystem repo (" + owner + ") declares "
                    + "each credential under 'credentials:' with who may use it and against which databases");
            return;
        }
        CredentialDef c = declared.get();
        if (!allows.test(c)) {
            p.error(at, "credential-not-allowed", who + " may not use credential '" + name + "': the ecosystem allows "
                    + "it for " + users(c) + "; use a credential declared for it, or ask the ecosystem repo ("
                    + owner + ") to allow it");
            return; // where it may be used matters no more
        }
        if (target != null && addressable(target) && !allowedAgainst(c, target, reference)) {
            p.error(at, "credential-not-allowed", who + " may not use credential '" + name + "' against "
                    + targetWhat + " " + describe(target, reference) + ": the ecosystem allows it only against "
                    + databases(c) + "; point it at an allowed database, or ask the ecosystem repo (" + owner
                    + ") to allow this one");
        }
    }

    /** Whether the target is a database address at all; a broken one is reported by ContainerRules or the loader. */
    private static boolean addressable(ContainerDef target) {
        if (ContainerDef.POSTGRES.equals(target.kind())) {
            return JdbcPolicy.isHost(target.host()) && target.database() != null;
        }
        return ContainerDef.JDBC.equals(target.kind()) && target.url() != null && target.url().startsWith("jdbc:")
                && JdbcPolicy.POSTGRES_AND_H2.refusal(target.url()).isEmpty();
    }

    private static boolean allowedAgainst(CredentialDef c, ContainerDef target, boolean reference) {
        if (reference && target.name() != null && c.containers().contains(target.name())) {
            return true;
        }
        List<String> hosts = hosts(target);
        return !hosts.isEmpty() && hosts.stream().allMatch(h -> c.hosts().stream().anyMatch(h::equalsIgnoreCase));
    }

    /** The hosts a container connects to: its host, or those of its PostgreSQL URL; none for H2. */
    private static List<String> hosts(ContainerDef target) {
        if (ContainerDef.POSTGRES.equals(target.kind())) {
            return target.host() == null ? List.of() : List.of(target.host().toLowerCase(Locale.ROOT));
        }
        return ContainerDef.JDBC.equals(target.kind()) ? JdbcPolicy.postgresHosts(target.url()) : List.of();
    }

    private static String describe(ContainerDef target, boolean reference) {
        return (reference ? "container '" + target.name() + "' " : "") + "(" + DatabaseUrl.redact(target.address()) + ")";
    }

    private static String users(CredentialDef c) {
        List<String> parts = new ArrayList<>();
        if (!c.platforms().isEmpty()) {
            parts.add("platforms " + String.join(", ", c.platforms()));
        }
        if (!c.teams().isEmpty()) {
            parts.add("teams " + String.join(", ", c.teams()));
        }
        if (!c.zones().isEmpty()) {
            parts.add("the teams of zones " + String.join(", ", c.zones()));
        }
        return parts.isEmpty() ? "nobody" : String.join(" and ", parts);
    }

    private static String databases(CredentialDef c) {
        List<String> parts = new ArrayList<>();
        if (!c.containers().isEmpty()) {
            parts.add("containers " + String.join(", ", c.containers()));
        }
        if (!c.hosts().isEmpty()) {
            parts.add("hosts " + String.join(", ", c.hosts()));
        }
        return parts.isEmpty() ? "no database" : String.join(" and ", parts);
    }
}
