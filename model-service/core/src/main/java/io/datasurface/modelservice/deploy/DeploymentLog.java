package io.datasurface.modelservice.deploy;

import com.fasterxml.jackson.core.type.TypeReference;
import io.datasurface.model.fault.DatasurfaceException;
import io.datasurface.model.json.Json;
import io.datasurface.model.problem.Problem;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Every requested deployment, one row per commit, in PostgreSQL (schema {@value DeploymentSchema#SCHEMA}, migrated
 * by Flyway): how a redelivered push is recognised, and what {@code GET /deployments} shows. No URL in it keeps its
 * credentials.
 */
public final class DeploymentLog {
    private final DataSource dataSource;

    public DeploymentLog(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Creates or upgrades the schema by its migrations when needed, and marks deployments a previous
     * process left running as interrupted.
     */
    public void open() {
        run(c -> {
            DeploymentSchema.migrations().ensureCurrent(c);
            try (Statement s = c.createStatement()) {
                s.execute(DeploymentSql.INTERRUPT_RUNNING);
            }
            return null;
        });
    }

    /**
     * Claims a commit, as pushed by one repo, for deployment.
     *
     * @return the deployment's id, or empty when this commit of this repo is deployed, rejected or being
     *         deployed already
     */
    public Optional<String> begin(String commit, String sourceRepo, String source) {
        return begin(commit, sourceRepo, source, false);
    }

    /**
     * As {@link #begin(String, String, String)}; {@code again} also takes over a commit that was deployed or
     * rejected (a rollback an operator allowed) — not one being deployed.
     */
    public Optional<String> begin(String commit, String sourceRepo, String source, boolean again) {
        return run(c -> {
            try (PreparedStatement ps = c.prepareStatement(again ? DeploymentSql.BEGIN_AGAIN : DeploymentSql.BEGIN)) {
                ps.setObject(1, UUID.randomUUID());
                ps.setString(2, commit);
                ps.setString(3, sourceRepo);
                ps.setString(4, DeploymentRequest.withoutCredentialsIn(source));
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    public void finish(String id, DeploymentStatus status, String executionId, String modelVersion,
                       List<Problem> problems, String error) {
        run(c -> {
            try (PreparedStatement ps = c.prepareStatement(DeploymentSql.FINISH)) {
                ps.setString(1, status.name());
                ps.setObject(2, executionId == null ? null : UUID.fromString(executionId));
                ps.setString(3, modelVersion);
                ps.setString(4, Json.write(problems));
                ps.setString(5, DeploymentRequest.withoutCredentialsIn(error));
                ps.setObject(6, UUID.fromString(id));
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** The newest deployments first. */
    public List<DeploymentRecord> recent(int limit) {
        return run(c -> {
            List<DeploymentRecord> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(DeploymentSql.RECENT)) {
                ps.setInt(1, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(record(rs));
                    }
                }
            }
            return out;
        });
    }

    public Optional<DeploymentRecord> byCommit(String commit, String sourceRepo) {
        return run(c -> {
            try (PreparedStatement ps = c.prepareStatement(DeploymentSql.BY_COMMIT)) {
                ps.setString(1, commit);
                ps.setString(2, sourceRepo);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(record(rs)) : Optional.<DeploymentRecord>empty();
                }
            }
        });
    }

    private static DeploymentRecord record(ResultSet rs) throws SQLException {
        List<Problem> problems = Json.mapper().convertValue(Json.read(rs.getString(8), Object.class),
                new TypeReference<List<Problem>>() { });
        Timestamp finished = rs.getTimestamp(11);
        return new DeploymentRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                DeploymentStatus.valueOf(rs.getString(5)), rs.getString(6), rs.getString(7), problems, rs.getString(9),
                rs.getTimestamp(10).toInstant(), finished == null ? null : finished.toInstant());
    }

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T run(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            return work.run(c);
        } catch (SQLException e) {
            throw new DatasurfaceException("cannot use the deployments table: " + e.getMessage(), true, e);
        }
    }
}
