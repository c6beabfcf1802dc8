package io.datasurface.model.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqlFaultsTest {

    @ParameterizedTest(name = "SQL state {0} on a live connection: retriable {1}")
    @CsvSource({"08006, true", "08003, true", "40001, true", "40P01, true", "57P01, true", "57014, true", "53300, true",
                "55P03, true", "42P01, false", "42703, false", "28P01, false", "22001, false", "23505, false",
                "90007, false"})
    void onALiveConnectionTheSqlStateDecides(String state, boolean retriable) throws SQLException {
        try (Connection live = DriverManager.getConnection("jdbc:h2:mem:")) {
            assertThat(SqlFaults.retriable(new SQLException("x", state), live)).isEqualTo(retriable);
        }
    }

    @Test
    void anyOtherFaultAfterWhichTheConnectionIsClosedIsRetriable() throws SQLException {
        Connection closed = DriverManager.getConnection("jdbc:h2:mem:");
        closed.close();
        assertThat(SqlFaults.retriable(new SQLException("The object is already closed", "90007"), closed)).isTrue();
        assertThat(SqlFaults.retriable(new SQLException("no such table", "42P01"), closed)).isFalse();
    }

    @Test
    void timeoutsAndFaultsWithoutAStateAreRetriable() {
        assertThat(SqlFaults.retriable(new SQLTimeoutException("slow", "HYT00"), null)).isTrue();
        assertThat(SqlFaults.retriable(new SQLException("I/O error"), null)).isTrue();
        assertThat(SqlFaults.retriable(new SQLException("I/O error"))).isTrue();
    }

    @Test
    void withoutAConnectionAStateTheRuleDoesNotKnowIsNotRetriable() {
        assertThat(SqlFaults.retriable(new SQLException("internal error", "XX000"))).isFalse();
        assertThat(SqlFaults.retriable(new SQLException("could not serialize access", "40001"))).isTrue();
        assertThat(SqlFaults.retriable(new SQLException("too many connections", "53300"))).isTrue();
    }

    @Test
    void aDataErrorWithoutDataQuotesNoValueButKeepsWhatFailed() {
        SQLException invalid = server("22P02", "invalid input syntax for type integer: \"Hunter2x\"");
        assertThat(SqlFaults.message(invalid)).contains("Hunter2x");
        assertThat(SqlFaults.messageWithoutData(invalid)).isEqualTo("invalid input syntax for type integer: \"…\"");
        assertThat(SqlFaults.messageWithoutData(server("22003", "value \"99999999999\" is out of range for type integer")))
                .isEqualTo("value \"…\" is out of range for type integer");
    }

    @Test
    void otherErrorsWithoutDataKeepTheNamesTheyQuote() {
        SQLException duplicate = server("23505", "duplicate key value violates unique constraint \"orders_pkey\"");
        assertThat(SqlFaults.messageWithoutData(duplicate)).isEqualTo(SqlFaults.message(duplicate))
                .contains("\"orders_pkey\"");
    }

    /** A PostgreSQL server error as the driver reads it: fields separated by NUL. */
    private static SQLException server(String state, String message) {
        return new PSQLException(new ServerErrorMessage("SERROR\0C" + state + "\0M" + message + "\0"));
    }
}
