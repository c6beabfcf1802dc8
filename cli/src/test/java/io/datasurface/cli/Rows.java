package io.datasurface.cli;

import io.datasurface.embedded.EmbeddedPostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Query results as lists of rows, each a list of {@link ResultSet#getObject} values, for comparing tables. */
final class Rows {
    private Rows() {
    }

    static List<List<Object>> query(EmbeddedPostgresServer pg, String database, String sql) throws SQLException {
        try (Connection c = pg.connect(database)) {
            return query(c, sql);
        }
    }

    static List<List<Object>> query(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return of(rs);
        }
    }

    /** Every row left in the result set, a mutable list. */
    static List<List<Object>> of(ResultSet rs) throws SQLException {
        List<List<Object>> out = new ArrayList<>();
        ResultSetMetaData md = rs.getMetaData();
        while (rs.next()) {
            List<Object> row = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                row.add(rs.getObject(i));
            }
            out.add(row);
        }
        return out;
    }
}
