package io.datasurface.executions;

import io.datasurface.migrations.SchemaMigrations;
import io.datasurface.model.credential.DatabaseUrl;
import io.datasurface.model.fault.DatasurfaceException;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Executions of a data pipeline, their steps, and the checksums of the models each step saw, kept in
 * PostgreSQL (schema {@value Migrations#SCHEMA}, created and upgraded by Flyway on first use).
 * Every method is one transaction on a connection of its own; no state is kept between calls.
 *
 * <pre>{@code
 * ExecutionStore store = ExecutionStore.open(DatabaseUrl.parse("postgresql://u:p@db:5432/pipeline"));
 * Optional<UUID> previous = store.lastSuccessfulExecution();
 * UUID execution = store.initExecution();
 * UUID load = store.initStep(execution, "LOAD", Path.of("load"), List.of("**}{@code /*.sql"));
 * List<String> changed = store.compareStepModels(load, previous.orElse(null));
 * store.completeStep(load, OptionalLong.of(1200));
 * store.completeExecution(execution);
 * }</pre>
 *
 * <p>Faults are {@link DatasurfaceException}s whose messages name what is wrong and never a password.
 */
public final class ExecutionStore {
    private static final System.Logger LOG = System.getLogger(ExecutionStore.class.getName());
    private static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;
    private final String description;
    private final ExecutionsDialect sql = new PostgresExecutionsDialect(Migrations.SCHEMA);
    private final SchemaMigrations migrations = Migrations.schema();

    private ExecutionStore(DataSource dataSource, String description) {
        this.dataSource = dataSource;
        this.description = description;
    }

    /**
     * Connects to the database and applies missing migrations.
     *
     * @param url {@code jdbc:postgresql://…} or {@code postgresql[+driver]://user:password@host:port/db}
     * @throws DatasurfaceException when the URL is not PostgreSQL's or the database cannot be reached
     *     (the message names host and port and the reason)
     */
    public static ExecutionStore open(DatabaseUrl url) {
        return open(PostgresDataSources.of(url), url.redacted());
    }

    /**
     * @param dataSource connections to a PostgreSQL database (e.g. the application's pool)
     * @param description what to call the database in messages; must not hold a password
     */
    public static ExecutionStore open(DataSource dataSource, String description) {
        ExecutionStore store = new ExecutionStore(dataSource, description);
        store.withConnection(c -> {
            store.migrations.ensureCurrent(c);
            return null;
        });
        return store;
    }

    /**
     * Runs Flyway even when the schema looks current: creates it, applies and validates migrations.
     *
     * @return the schema version
     */
    public String migrate() {
        return withConnection(migrations::migrate);
    }

    /** @return the id of a new, running execution */
    public UUID initExecution() {
        UUID id = UUID.randomUUID();
        inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.insertExecution())) {
                ps.setObject(1, id);
                ps.executeUpdate();
            }
            return null;
        });
        LOG.log(System.Logger.Level.INFO, "execution {0} started", id);
        return id;
    }

    /** @return the execution completed last, if any; running executions are never returned */
    public Optional<UUID> lastSuccessfulExecution() {
        return withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.lastCompletedExecution());
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getObject(1, UUID.class)) : Optional.empty();
            }
        });
    }

    /**
     * @return when the execution completed (microsecond precision, UTC)
     * @throws DatasurfaceException when the execution is unknown or has not completed
     */
    public OffsetDateTime completionTimestamp(UUID executionId) {
        return withConnection(c -> {
            Optional<OffsetDateTime> completed = executionCompletedAt(c, executionId, false);
            return completed.orElseThrow(() -> new DatasurfaceException("execution " + executionId
                    + " has not completed; only a completed execution has a completion timestamp", false));
        });
    }

    /**
     * Checksums the files under {@code basePath} matching the patterns and records them as a new step.
     *
     * @see ModelChecksums#ofFiles
     */
    public UUID initStep(UUID executionId, String stepName, Path basePath, List<String> patterns) {
        return initStep(executionId, stepName, ModelChecksums.ofFiles(basePath, patterns));
    }

    /**
     * Records a new step of a running execution with these models.
     *
     * @return the step's id
     * @throws DatasurfaceException when the execution is unknown or completed, the name is blank, or
     *     the execution already has a step of this name
     */
    public UUID initStep(UUID executionId, String stepName, ModelChecksums models) {
        if (stepName == null || stepName.isBlank()) {
            throw new DatasurfaceException("the step name is empty; name the step, e.g. LOAD or TRANSFORM", false);
        }
        UUID stepId = UUID.randomUUID();
        inTransaction(c -> {
            requireRunning(c, executionId, "add a step to it");
            Optional<UUID> existing = stepByName(c, executionId, stepName);
            if (existing.isPresent()) {
                throw duplicateStep(executionId, stepName, existing.get());
            }
            try (PreparedStatement ps = c.prepareStatement(sql.insertStep())) {
                ps.setObject(1, stepId);
                ps.setObject(2, executionId);
                ps.setString(3, stepName);
                ps.setString(4, models.basePath().map(Object::toString).orElse(null));
                if (models.basePath().isPresent()) {
                    Array patterns = c.createArrayOf("text", models.patterns().toArray());
                    ps.setArray(5, patterns);
                } else {
                    ps.setNull(5, Types.ARRAY);
                }
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(sql.insertModelChecksum())) {
                for (ModelChecksum m : models.models()) {
                    ps.setObject(1, stepId);
                    ps.setString(2, m.name());
                    ps.setString(3, m.checksum());
                    ps.setString(4, m.source().orElse(null));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
        LOG.log(System.Logger.Level.INFO, "execution {0}: step {1} ({2}) started with {3}", executionId, stepName,
                stepId, models);
        return stepId;
    }

    /**
     * @param previousExecutionId the execution to compare with; null for none (then every model counts)
     * @return the names, sorted, of the step's models that the previous execution's step of the same
     *     name did not have or had with another checksum; models deleted since are not listed
     * @throws DatasurfaceException when the step or the previous execution is unknown
     */
    public List<String> compareStepModels(UUID stepId, UUID previousExecutionId) {
        return withConnection(c -> {
            String stepName;
            try (PreparedStatement ps = c.prepareStatement(sql.step())) {
                ps.setObject(1, stepId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw unknownStep(c, stepId);
                    }
                    stepName = rs.getString(2);
                }
            }
            List<String> names = new ArrayList<>();
            PreparedStatement ps;
            if (previousExecutionId == null) {
                ps = c.prepareStatement(sql.allModels());
                ps.setObject(1, stepId);
            } else {
                executionCompletedAt(c, previousExecutionId, false);
                ps = c.prepareStatement(sql.changedModels());
                ps.setObject(1, stepId);
                ps.setObject(2, previousExecutionId);
                ps.setString(3, stepName);
            }
            try (ps; ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            names.sort(null);
            return names;
        });
    }

    /**
     * Marks a step complete.
     *
     * @param rowsProcessed how many rows the step processed, if it says (0 or more)
     * @throws DatasurfaceException when the step is unknown or already complete, its execution is
     *     complete, or the row count is negative
     */
    public void completeStep(UUID stepId, OptionalLong rowsProcessed) {
        if (rowsProcessed.isPresent() && rowsProcessed.getAsLong() < 0) {
            throw new DatasurfaceException("rows processed must be 0 or more, not " + rowsProcessed.getAsLong(), false);
        }
        inTransaction(c -> {
            UUID executionId;
            try (PreparedStatement ps = c.prepareStatement(sql.lockStep())) {
                ps.setObject(1, stepId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw unknownStep(c, stepId);
                    }
                    executionId = rs.getObject(1, UUID.class);
                    OffsetDateTime completed = rs.getObject(3, OffsetDateTime.class);
                    if (completed != null) {
                        throw new DatasurfaceException("step " + stepId + " (" + rs.getString(2)
                                + ") is already complete since " + completed + "; a step completes once", false);
                    }
                }
            }
            requireRunning(c, executionId, "complete its step " + stepId);
            try (PreparedStatement ps = c.prepareStatement(sql.completeStep())) {
                if (rowsProcessed.isPresent()) {
                    ps.setLong(1, rowsProcessed.getAsLong());
                } else {
                    ps.setNull(1, Types.BIGINT);
                }
                ps.setObject(2, stepId);
                ps.executeUpdate();
            }
            return null;
        });
        LOG.log(System.Logger.Level.INFO, "step {0} complete{1}", stepId,
                rowsProcessed.isPresent() ? " (" + rowsProcessed.getAsLong() + " rows)" : "");
    }

    /**
     * Marks an execution complete: from now on it is the last successful execution.
     *
     * @throws DatasurfaceException when the execution is unknown or already complete
     */
    public void completeExecution(UUID executionId) {
        List<String> incomplete = inTransaction(c -> {
            requireRunning(c, executionId, "complete it again");
            List<String> steps = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql.incompleteSteps())) {
                ps.setObject(1, executionId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        steps.add(rs.getString(1));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(sql.completeExecution())) {
                ps.setObject(1, executionId);
                ps.executeUpdate();
            }
            return steps;
        });
        if (!incomplete.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "execution {0} completed while these steps were not: {1}",
                    executionId, String.join(", ", incomplete));
        }
        LOG.log(System.Logger.Level.INFO, "execution {0} complete", executionId);
    }

    /** @return completed_at, empty while running; throws when the execution is unknown */
    private Optional<OffsetDateTime> executionCompletedAt(Connection c, UUID executionId, boolean lock)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(lock ? sql.lockExecution() : sql.executionCompletedAt())) {
            ps.setObject(1, executionId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new DatasurfaceException("execution " + executionId + " is unknown to " + description
                            + "; use an id printed by init-execution", false);
                }
                return Optional.ofNullable(rs.getObject(1, OffsetDateTime.class));
            }
        }
    }

    private void requireRunning(Connection c, UUID executionId, String toDo) throws SQLException {
        Optional<OffsetDateTime> completed = executionCompletedAt(c, executionId, true);
        if (completed.isPresent()) {
            throw new DatasurfaceException("execution " + executionId + " is already complete since "
                    + completed.get() + "; cannot " + toDo + " (start a new execution with init-execution)", false);
        }
    }

    private Optional<UUID> stepByName(Connection c, UUID executionId, String stepName) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql.stepByName())) {
            ps.setObject(1, executionId);
            ps.setString(2, stepName);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getObject(1, UUID.class)) : Optional.empty();
            }
        }
    }

    private static DatasurfaceException duplicateStep(UUID executionId, String stepName, UUID existing) {
        return new DatasurfaceException("execution " + executionId + " already has a step named '" + stepName
                + "' (step " + existing + "); step names are unique within an execution", false);
    }

    /** Says so when the id is an execution's, a common mix-up. */
    private DatasurfaceException unknownStep(Connection c, UUID stepId) throws SQLException {
        String hint = "use an id printed by init-step";
        try (PreparedStatement ps = c.prepareStatement(sql.executionCompletedAt())) {
            ps.setObject(1, stepId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    hint = "it is an execution id; use a step id printed by init-step";
                }
            }
        }
        return new DatasurfaceException("step " + stepId + " is unknown to " + description + "; " + hint, false);
    }

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T inTransaction(Work<T> work) {
        return withConnection(c -> {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        });
    }

    private <T> T withConnection(Work<T> work) {
        Connection c;
        try {
            c = dataSource.getConnection();
        } catch (SQLException e) {
            throw Faults.cannotConnect(description, e);
        }
        try (c) {
            return work.run(c);
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw new DatasurfaceException("another process recorded the same thing at the same time: "
                        + Faults.reason(e) + "; try again", true, e);
            }
            throw Faults.failed(description, e);
        }
    }

    @Override
    public String toString() {
        return "ExecutionStore[" + description + "]";
    }
}
