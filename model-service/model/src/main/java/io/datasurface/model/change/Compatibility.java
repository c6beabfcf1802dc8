package io.datasurface.model.change;

import io.datasurface.model.Column;
import io.datasurface.model.Dataset;
import io.datasurface.model.Datastore;
import io.datasurface.model.Model;
import io.datasurface.model.naming.SqlNames;
import io.datasurface.model.problem.Problems;
import io.datasurface.model.type.TypeKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Backwards-compatible schema evolution: nothing dropped, primary keys unchanged, new columns nullable,
 * nullability only relaxed, types only widened ({@link io.datasurface.model.type.SqlType#widensTo}).
 */
final class Compatibility {
    private Compatibility() {
    }

    static void check(Model base, Model head, Problems p) {
        for (Datastore was : base.datastores()) {
            Optional<Datastore> now = head.datastore(was.name());
            if (now.isEmpty()) {
                p.error(was.at(), "dropped-datastore", "datastore '" + was.name() + "' was removed; datastores may not be "
                        + "dropped because workspaces and history depend on them (removed from " + was.at() + " of base)");
                continue;
            }
            for (Dataset d : was.datasets()) {
                Optional<Dataset> dNow = now.get().dataset(d.name());
                if (dNow.isEmpty()) {
                    p.error(now.get().at(), "dropped-dataset", "dataset '" + was.name() + "/" + d.name()
                            + "' was removed; datasets may not be dropped (it was at " + d.at() + " of base)");
                } else {
                    dataset(was.name() + "/" + d.name(), d, dNow.get(), p);
                }
            }
        }
    }

    private static void dataset(String what, Dataset was, Dataset now, Problems p) {
        Map<String, Column> old = bySqlName(was.columns());
        Map<String, Column> cur = bySqlName(now.columns());
        List<String> keyBefore = was.primaryKey().stream().filter(c -> c.name() != null).map(c -> SqlNames.sqlName(c.name())).toList();
        List<String> keyAfter = now.primaryKey().stream().filter(c -> c.name() != null).map(c -> SqlNames.sqlName(c.name())).toList();
        if (!keyBefore.equals(keyAfter)) {
            p.error(now.at(), "primary-key-change", "dataset '" + what + "': primary key changed from " + keyBefore
                    + " to " + keyAfter + "; a primary key may not change (create a new dataset instead)");
        }
        for (var e : old.entrySet()) {
            Column c = e.getValue();
            Column n = cur.get(e.getKey());
            if (n == null) {
                p.error(now.at(), "dropped-column", "dataset '" + what + "': column '" + c.name() + "' was removed; "
                        + "columns may not be dropped (it was at " + c.at() + " of base)");
                continue;
            }
            if (c.type() != null && n.type() != null && !c.type().widensTo(n.type())) {
                boolean narrows = n.type().widensTo(c.type());
                p.error(n.at(), narrows ? "narrowed-type" : "incompatible-type", "dataset '" + what + "': column '"
                        + n.name() + "' changed from " + c.type() + " to " + n.type() + (narrows
                        ? ", which narrows it; types may only widen" + (n.type().kind() == TypeKind.ENUM
                                && c.type().kind() == TypeKind.ENUM
                                ? " (an enum may gain values but not lose any)" : "")
                        : ", which is not a widening; allowed: varchar(n) → varchar(m ≥ n) → text, smallint → integer "
                        + "→ bigint, decimal(p,s) → decimal(q ≥ p,s), real → double, date → timestamp, bit(n) → "
                        + "varbit(m ≥ n) → varbit, enum → an enum with more values → text"));
            }
            if (!c.nullable() && n.nullable() || c.nullable() == n.nullable()) {
                continue;
            }
            p.error(n.at(), "narrowed-nullability", "dataset '" + what + "': column '" + n.name()
                    + "' became NOT NULL; existing rows may hold nulls, so a nullable column must stay nullable");
        }
        for (var e : cur.entrySet()) {
            Column n = e.getValue();
            if (!old.containsKey(e.getKey()) && !n.nullable()) {
                p.error(n.at(), "new-column-not-nullable", "dataset '" + what + "': new column '" + n.name()
                        + "' must be nullable, because existing rows have no value for it; remove 'nullable: false'");
            }
        }
    }

    private static Map<String, Column> bySqlName(List<Column> columns) {
        Map<String, Column> map = new LinkedHashMap<>();
        for (Column c : columns) {
            if (c.name() != null) {
                map.putIfAbsent(SqlNames.sqlName(c.name()), c);
            }
        }
        return map;
    }
}
