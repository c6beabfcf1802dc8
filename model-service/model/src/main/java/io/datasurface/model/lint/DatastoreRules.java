package io.datasurface.model.lint;

import io.datasurface.model.Capture;
import io.datasurface.model.CaptureType;
import io.datasurface.model.Column;
import io.datasurface.model.ContainerDef;
import io.datasurface.model.Dataset;
import io.datasurface.model.Datastore;
import io.datasurface.model.Model;
import io.datasurface.model.cron.CronExpression;
import io.datasurface.model.problem.Problems;
import io.datasurface.model.problem.Suggest;
import io.datasurface.model.type.TypeKind;
import java.util.List;
import java.util.Optional;

/** Datastores: how they are captured, and tables that can be merged (keys, watermarks, classifications). */
final class DatastoreRules {
    private DatastoreRules() {
    }

    static void check(Model m, Problems p) {
        for (Datastore store : m.datastores()) {
            Capture capture = store.capture();
            if (capture != null) {
                capture(m, store, capture, p);
            }
            if (store.datasets().isEmpty()) {
                p.error(store.at(), "no-datasets", "datastore '" + store.name() + "' has no datasets; add at least one "
                        + "under 'datasets:'");
            }
            for (Dataset ds : store.datasets()) {
                dataset(store, ds, p);
                if (capture != null && capture.type() == CaptureType.SQL_WATERMARK) {
                    watermark(store, ds, capture, p);
                } else if (capture != null && capture.type() != null && ds.watermark() != null) {
                    p.warning(ds.at().of("watermark"), "ignored-watermark", "dataset '" + store.name() + "/" + ds.name()
                            + "': 'watermark' only applies to sql-watermark capture; remove it");
                }
            }
        }
    }

    private static void capture(Model m, Datastore store, Capture c, Problems p) {
        String what = "datastore '" + store.name() + "'";
        if (c.source() == null) {
            // missing or malformed: reported by the loader
        } else if (c.source().kind() == null && c.source().name() != null) {
            if (m.container(c.source().name()).isEmpty()) {
                List<String> names = m.ecosystem().map(e -> e.containers().stream().map(ContainerDef::name).toList())
                        .orElse(List.of());
                p.error(c.source().at(), "unknown-container", what + " reads from container '" + c.source().name()
                        + "', which the ecosystem does not declare" + Suggest.didYouMean(c.source().name(), names));
            }
        } else {
            ContainerRules.check(c.source(), what + ": source", p);
        }
        Optional<ContainerDef> source = m.sourceOf(store);
        boolean postgres = source.map(s -> ContainerDef.POSTGRES.equals(s.kind())).orElse(false);
        if (c.credential() == null && postgres) {
            p.error(c.at(), "missing-credential", what + " needs 'credential:' under capture, the name of the "
                    + "secret holding the source's user and password");
        }
        if (c.type() == CaptureType.CDC) {
            if (source.isPresent() && source.get().kind() != null && !postgres) {
                p.error(c.at(), "unsupported-capture", what + ": cdc capture needs a postgres source (logical "
                        + "replication); use sql-snapshot or sql-watermark for other engines");
            }
            if (c.trigger() != null && !c.trigger().isExternal()) {
                p.warning(c.at().of("trigger"), "ignored-trigger", what + ": cdc streams run continuously, so the cron trigger is "
                        + "ignored; remove it");
            }
        } else if (c.type() != null && c.trigger() == null) {
            p.error(c.at(), "missing-trigger", what + " needs 'trigger:' under capture: 'cron: EXPR' or 'external'");
        }
        if (c.trigger() != null && !c.trigger().isExternal()) {
            CronExpression.problem(c.trigger().cron()).ifPresent(msg -> p.error(c.at().of("cron"), "invalid-cron",
                    what + " has an invalid cron trigger '" + c.trigger().cron() + "': " + msg));
        }
        if (c.watermark() != null && c.type() != null && c.type() != CaptureType.SQL_WATERMARK) {
            p.warning(c.at().of("watermark"), "ignored-watermark", what + ": 'watermark' only applies to sql-watermark "
                    + "capture; remove it");
        }
    }

    private static void dataset(Datastore store, Dataset ds, Problems p) {
        String what = "dataset '" + store.name() + "/" + ds.name() + "'";
        if (ds.columns().isEmpty()) {
            p.error(ds.at(), "no-columns", what + " has no columns; add them under 'columns:'");
            return;
        }
        if (ds.primaryKey().isEmpty()) {
            p.error(ds.at(), "no-primary-key", what + " has no primary key; mark its key column(s) 'primaryKey: true'");
        }
        for (Column c : ds.primaryKey()) {
            if (c.nullable()) {
                p.error(c.at(), "nullable-key", what + ": key column '" + c.name() + "' must not be nullable; "
                        + "remove 'nullable: true'");
            }
            if (c.type() != null && !c.type().hasEquality()) {
                p.error(c.at(), "unkeyable-type", what + ": key column '" + c.name() + "' is " + c.type()
                        + ", which PostgreSQL cannot compare for equality; use other key columns"
                        + (c.type().toString().startsWith("json") ? " (or declare it jsonb, which can be compared)" : ""));
            }
        }
        if (store.capture() != null && store.capture().type() == CaptureType.CDC) {
            for (Column c : ds.columns()) {
                if (c.type() != null && c.type().kind() == TypeKind.TIMETZ) { // an array comes as its text
                    p.error(c.at(), "cdc-lossy-type", what + ": column '" + c.name() + "' is " + c.type()
                            + ", but change data capture reports time with time zone values moved to UTC, losing "
                            + "their offset; capture this datastore with sql-snapshot or sql-watermark");
                }
            }
        }
        if (store.production() && ds.classifications().isEmpty()
                && ds.columns().stream().anyMatch(c -> c.classifications().isEmpty())) {
            p.error(ds.at(), "unclassified-dataset", what + " belongs to a production datastore but is not classified; "
                    + "add 'classifications:' to the dataset (or to every column)");
        }
    }

    private static void watermark(Datastore store, Dataset ds, Capture c, Problems p) {
        String what = "dataset '" + store.name() + "/" + ds.name() + "'";
        String column = ds.watermark() != null ? ds.watermark() : c.watermark();
        if (column == null) {
            p.error(ds.at(), "watermark", what + " is captured by sql-watermark but has no watermark column; set "
                    + "'watermark: COLUMN' under capture or on the dataset");
            return;
        }
        Optional<Column> col = ds.column(column);
        if (col.isEmpty()) {
            p.error(ds.watermark() != null ? ds.at().of("watermark") : c.at().of("watermark"), "watermark", what + ": watermark column '" + column
                    + "' is not a column of the dataset" + Suggest.didYouMean(column,
                    ds.columns().stream().map(Column::name).toList()));
        } else if (col.get().type() != null && !col.get().type().kind().isWatermarkType()) {
            p.error(col.get().at(), "watermark", what + ": watermark column '" + column + "' is "
                    + col.get().type() + "; a watermark must be a timestamp, timestamptz or integer column");
        }
    }
}
