package io.datasurface.ingest.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class SourceFaultsTest {

    @Test
    void messagesLoseUrlsAndPasswordsButKeepTheServersWords() {
        SQLException e = new SQLException("ERROR: could not connect to jdbc:postgresql://db:5432/x?user=u&password=s3cret"
                + "\n  password=hunter2 refused", "08001");
        String m = SourceFaults.of("reading source table t", e, null).getMessage();
        assertThat(m).startsWith("reading source table t failed: could not connect to <jdbc url>")
                .doesNotContain("s3cret").doesNotContain("hunter2").contains("password=***").endsWith("[SQL state 08001]");
    }
}
