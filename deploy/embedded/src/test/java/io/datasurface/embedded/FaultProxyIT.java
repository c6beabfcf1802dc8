package io.datasurface.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.postgresql.Driver;

/** The fault proxy between a PostgreSQL client and the shared server: passes, cuts, heals and delays. */
class FaultProxyIT {
    private final EmbeddedPostgresServer pg = PostgresExtension.server(PostgresVersion.V17);

    @Test
    void aCutResetsOpenConnectionsAndRefusesNewOnesUntilHealed() throws SQLException {
        try (FaultProxy proxy = FaultProxy.start(pg.host(), pg.port())) {
            Connection c = connect(proxy);
            assertThat(one(c)).isEqualTo(1);
            assertThat(proxy.connections()).isEqualTo(1);

            proxy.cut();
            SQLException broken = catchThrowableOfType(SQLException.class, () -> one(c));
            assertThat((Throwable) broken).as("a query on a connection whose path was cut").isNotNull();
            assertThat(broken.getSQLState()).startsWith("08"); // a connection exception: retriable
            assertThat((Throwable) catchThrowableOfType(SQLException.class, () -> connect(proxy)))
                    .as("a new connection while the path is down").isNotNull();
            c.close();

            proxy.heal();
            try (Connection again = connect(proxy)) {
                assertThat(one(again)).isEqualTo(1);
            }
        }
    }

    @Test
    void aDelayHoldsEveryRoundTripAndCanBeLifted() throws SQLException {
        try (FaultProxy proxy = FaultProxy.start(pg.host(), pg.port()); Connection c = connect(proxy)) {
            proxy.delay(Duration.ofMillis(300));
            long start = System.nanoTime();
            assertThat(one(c)).isEqualTo(1);
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .as("a query's request and its answer each held 300 ms").isGreaterThanOrEqualTo(Duration.ofMillis(600));
            proxy.delay(Duration.ZERO);
            assertThat(one(c)).isEqualTo(1);
        }
    }

    @Test
    void aClientThatClosesCleanlyLeavesNoConnectionBehind() throws Exception {
        try (FaultProxy proxy = FaultProxy.start(pg.host(), pg.port())) {
            try (Connection c = connect(proxy)) {
                assertThat(one(c)).isEqualTo(1);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (proxy.connections() > 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(proxy.connections()).isZero();
        }
    }

    private Connection connect(FaultProxy proxy) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", pg.user());
        props.setProperty("password", pg.password());
        props.setProperty("connectTimeout", "5");
        return new Driver().connect("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/postgres", props);
    }

    private static int one(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
