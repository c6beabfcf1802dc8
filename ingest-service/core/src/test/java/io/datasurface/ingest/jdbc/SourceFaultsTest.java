package io.datasurface.ingest.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SourceFaultsTest {

    @ParameterizedTest(name = "SQL state {0} on a live connection: retriable {1}")
    @CsvSource({"08006, true", "08003, true", "40001, true", "57P01, true", "57014, true", "53300, true",
                "55P03, true", "42P01, false", "42703, false", "28P01, false", "22001, false", "90007, false"})
    void onALiveConnectionTheSqlStateDecides(String state, boolean retriable) throws SQLException {
        try (Connection live = DriverManager.getConnection("jdbc:h2:mem:")) {
            assertThat(SourceFaults.retriable(new SQLException("x", state), live)).isEqualTo(retriable);
        }
    }

    @Test
    void anyOtherFaultAfterWhichTheConnectionIsClosedIsRetriable() throws SQLException {
        Connection closed = DriverManager.getConnection("jdbc:h2:mem:");
        closed.close();
        assertThat(SourceFaults.retriable(new SQLException("The object is already closed", "90007"), closed)).isTrue();
        assertThat(SourceFaults.retriable(new SQLException("no such table", "42P01"), closed)).isFalse();
    }

    @Test
    void timeoutsAndFaultsWithoutAStateAreRetriable() {
        assertThat(SourceFaults.retriable(new SQLTimeoutException("slow", "HYT00"), null)).isTrue();
        assertThat(SourceFaults.retriable(new SQLException("I/O error"), null)).isTrue();
    }

    @Test
    void messagesLoseUrlsAndPasswordsButKeepTheServersWords() {
        SQLException e = new SQLException("ERROR: could not connect to jdbc:postgresql://db:5432/x?user=u&password=s3cret"
                + "\n  password=hunter2 refused", "08001");
        String m = SourceFaults.of("reading source table t", e, null).getMessage();
        assertThat(m).startsWith("reading source table t failed: could not connect to <jdbc url>")
                .doesNotContain("s3cret").doesNotContain("hunter2").contains("password=***").endsWith("[SQL state 08001]");
    }
}
