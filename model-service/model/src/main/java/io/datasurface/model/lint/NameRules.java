package io.datasurface.model.lint;

import io.datasurface.model.Column;
import io.datasurface.model.ContainerDef;
import io.datasurface.model.CredentialDef;
import io.datasurface.model.Dataset;
import io.datasurface.model.DatasetGroup;
import io.datasurface.model.Datastore;
import io.datasurface.model.GovernanceZone;
import io.datasurface.model.Model;
import io.datasurface.model.PlatformDef;
import io.datasurface.model.TeamDeclaration;
import io.datasurface.model.Workspace;
import io.datasurface.model.ZoneDeclaration;
import io.datasurface.model.credential.CredentialStore;
import io.datasurface.model.naming.SqlNames;
import io.datasurface.model.problem.Location;
import io.datasurface.model.problem.Problems;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Names are identifiers, unique where they must be (compared as SQL names, credentials as the
 * environment variables they become), and not reserved.
 */
final class NameRules {
    private NameRules() {
    }

    static void check(Model m, Problems p) {
        m.ecosystem().ifPresent(eco -> {
            name(p, "ecosystem", eco.name(), eco.at());
            eco.zones().forEach(z -> name(p, "zone", z.name(), z.at()));
            eco.containers().forEach(c -> name(p, "container", c.name(), c.at()));
            eco.platforms().forEach(pl -> name(p, "platform", pl.name(), pl.at()));
            unique(p, "zone", eco.zones(), ZoneDeclaration::name, ZoneDeclaration::at, false);
            unique(p, "container", eco.containers(), ContainerDef::name, ContainerDef::at, false);
            unique(p, "platform", eco.platforms(), PlatformDef::name, PlatformDef::at, true);
            eco.credentials().forEach(c -> credential(p, "credential name '" + c.name() + "'", c.name(), c.at()));
            unique(p, "credential", eco.credentials(), CredentialDef::name, CredentialDef::at,
                    CredentialStore::envName, "as environment variables");
            eco.platforms().forEach(pl -> credential(p, "platform '" + pl.name() + "' names credential '"
                    + pl.credential() + "', which", pl.credential(), pl.at().of("credential")));
        });
        for (GovernanceZone zone : m.zones()) {
            name(p, "zone", zone.name(), zone.at());
            zone.teams().forEach(t -> name(p, "team", t.name(), t.at()));
        }
        unique(p, "GovernanceZone document for zone", m.zones(), GovernanceZone::name, GovernanceZone::at, false);
        unique(p, "team", m.zones().stream().flatMap(z -> z.teams().stream()).toList(), TeamDeclaration::name,
                TeamDeclaration::at, false);

        for (Datastore store : m.datastores()) {
            name(p, "datastore", store.name(), store.at());
            if (store.capture() != null) {
                credential(p, "datastore '" + store.name() + "' names credential '" + store.capture().credential()
                        + "', which", store.capture().credential(), store.capture().at().of("credential"));
            }
            for (Dataset ds : store.datasets()) {
                name(p, "dataset", ds.name(), ds.at());
                for (Column c : ds.columns()) {
                    name(p, "column", c.name(), c.at());
                    if (c.name() != null && c.name().length() > SqlNames.MAX_IDENTIFIER) {
                        p.error(c.at(), "name-too-long", "column name '" + c.name() + "' has " + c.name().length()
                                + " characters; PostgreSQL keeps at most " + SqlNames.MAX_IDENTIFIER + ", so shorten it");
                    }
                    if (c.name() != null && SqlNames.sqlName(c.name()).startsWith(SqlNames.RESERVED_PREFIX)) {
                        p.error(c.at(), "reserved-name", "column '" + c.name() + "' uses the prefix '"
                                + SqlNames.RESERVED_PREFIX + "', which is reserved for the merge store's own columns; "
                                + "rename it");
                    }
                }
                unique(p, "column", ds.columns(), Column::name, Column::at, true);
            }
            unique(p, "dataset", store.datasets(), Dataset::name, Dataset::at, true);
        }
        unique(p, "datastore", m.datastores(), Datastore::name, Datastore::at, true);

        for (Workspace ws : m.workspaces()) {
            name(p, "workspace", ws.name(), ws.at());
            ws.groups().forEach(g -> name(p, "dataset group", g.name(), g.at()));
            unique(p, "dataset group", ws.groups(), DatasetGroup::name, DatasetGroup::at, true);
        }
        unique(p, "workspace", m.workspaces(), Workspace::name, Workspace::at, true);
    }

    private static void name(Problems p, String what, String name, Location at) {
        if (name != null && !SqlNames.isIdentifier(name)) {
            p.error(at, "invalid-name", what + " name '" + name + "' is not an identifier: start with a letter, "
                    + "then letters, digits, '_' or '-'");
        }
    }

    /**
     * A credential name names a secret: a folder below the file store's DIR or a pair of environment
     * variables, so it must be an identifier (no {@code ../}, {@code /}, {@code .} or spaces).
     */
    private static void credential(Problems p, String what, String name, Location at) {
        if (name != null && !CredentialStore.isValidName(name)) {
            p.error(at, "invalid-name", what + " is not an identifier: start with a letter, then letters, digits, "
                    + "'_' or '-'; a credential name names a secret in the credential store, so '/', '.' and spaces "
                    + "are not allowed");
        }
    }

    private static <T> void unique(Problems p, String what, List<T> items, Function<T, String> nameOf,
                                   Function<T, Location> atOf, boolean bySqlName) {
        unique(p, what, items, nameOf, atOf, bySqlName ? SqlNames::sqlName : Function.identity(), "in SQL");
    }

    /**
     * Reports every item whose name, as {@code keyOf} maps it, was already used by an earlier item;
     * {@code keyedAs} says where the two names become one.
     */
    private static <T> void unique(Problems p, String what, List<T> items, Function<T, String> nameOf,
                                   Function<T, Location> atOf, Function<String, String> keyOf, String keyedAs) {
        Map<String, T> seen = new HashMap<>();
        for (T item : items) {
            String name = nameOf.apply(item);
            if (name == null) {
                continue;
            }
            String key = keyOf.apply(name);
            T first = seen.putIfAbsent(key, item);
            if (first != null) {
                String firstName = nameOf.apply(first);
                String clash = firstName.equals(name) ? "" : " (both are '" + key + "' " + keyedAs + ")";
                p.error(atOf.apply(item), "duplicate-name", what + " '" + name + "' is defined twice" + clash
                        + "; the other is at " + atOf.apply(first) + "; rename or remove one");
            }
        }
    }
}
