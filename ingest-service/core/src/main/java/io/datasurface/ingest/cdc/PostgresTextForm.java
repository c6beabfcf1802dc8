package io.datasurface.ingest.cdc;

import io.debezium.spi.converter.CustomConverter;
import io.debezium.spi.converter.RelationalColumn;
import java.sql.Array;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.postgresql.util.PGInterval;
import org.postgresql.util.PGobject;

/**
 * A Debezium converter that hands over chosen columns as PostgreSQL's own text form of their values,
 * the form the snapshot readers get from {@code CAST(col AS text)}: json and jsonb, xml, the network
 * types, bit strings, enums and arrays as the server wrote them, and intervals written again in the
 * {@code postgres} interval style from their months, days and microseconds. Debezium's own mappings
 * lose some of these (bit strings become bytes without their length, an interval becomes approximate
 * microseconds).
 *
 * <p>Configured by {@link #COLUMNS}: entries {@code schema US table US column} joined by RS (ASCII unit
 * and record separators), which no SQL name in a model holds.
 */
public final class PostgresTextForm implements CustomConverter<SchemaBuilder, RelationalColumn> {
    /** The property naming the columns this converter takes. */
    public static final String COLUMNS = "columns";
    static final String UNIT = "\u001f";
    static final String RECORD = "\u001e";

    private final Set<String> columns = new HashSet<>();

    /** The value of {@link #COLUMNS} for these {@code {schema, table, column}} triples. */
    static String columns(Iterable<String[]> triples) {
        StringBuilder sb = new StringBuilder();
        for (String[] t : triples) {
            if (!sb.isEmpty()) {
                sb.append(RECORD);
            }
            sb.append(String.join(UNIT, t));
        }
        return sb.toString();
    }

    @Override
    public void configure(Properties props) {
        String list = props.getProperty(COLUMNS, "");
        if (!list.isEmpty()) {
            columns.addAll(Arrays.asList(list.split(RECORD)));
        }
    }

    @Override
    public void converterFor(RelationalColumn column, ConverterRegistration<SchemaBuilder> registration) {
        String collection = column.dataCollection(); // schema.table, maybe after a catalog
        for (String entry : columns) {
            String[] t = entry.split(UNIT, -1);
            String qualified = t[0] + "." + t[1];
            if (t[2].equals(column.name()) && (collection.equals(qualified) || collection.endsWith("." + qualified))) {
                registration.register(SchemaBuilder.string().optional(), PostgresTextForm::text);
                return;
            }
        }
    }

    /** The text form of a value as Debezium's PostgreSQL connector resolves it (streaming or snapshot). */
    static Object text(Object value) {
        if (value == null || value instanceof String) {
            return value;
        }
        try {
            if (value instanceof PGInterval interval) {
                return interval(interval);
            }
            if (value instanceof PGobject object) {
                return object.getValue();
            }
            if (value instanceof Array array) {
                return array.toString(); // pgjdbc's array holds the server's text form of it
            }
            if (value instanceof SQLXML xml) {
                return xml.getString();
            }
            if (value instanceof Boolean bit) { // bit(1), which the driver reads as a boolean
                return bit ? "1" : "0";
            }
        } catch (SQLException e) {
            throw new IllegalArgumentException("cannot read a " + value.getClass().getSimpleName() + " as text: "
                    + e.getMessage(), e);
        }
        return value.toString();
    }

    /**
     * An interval as PostgreSQL writes it with {@code IntervalStyle=postgres}, e.g. {@code 1 year 2 mons
     * -3 days +04:05:06.5}: years and months from the months, then days, then the time, signs as the
     * server puts them.
     */
    static String interval(PGInterval interval) {
        long months = interval.getYears() * 12L + interval.getMonths();
        long micros = ((interval.getHours() * 60L + interval.getMinutes()) * 60L + interval.getWholeSeconds())
                * 1_000_000L + interval.getMicroSeconds();
        return interval(months, interval.getDays(), micros);
    }

    static String interval(long months, long days, long micros) {
        StringBuilder sb = new StringBuilder(32);
        boolean[] state = {true, false}; // is_zero, is_before
        part(sb, months / 12, "year", state);
        part(sb, months % 12, "mon", state);
        part(sb, days, "day", state);
        long hour = micros / 3_600_000_000L;
        long rest = micros - hour * 3_600_000_000L;
        long min = rest / 60_000_000L;
        rest -= min * 60_000_000L;
        long sec = rest / 1_000_000L;
        long fsec = rest - sec * 1_000_000L;
        if (state[0] || hour != 0 || min != 0 || sec != 0 || fsec != 0) {
            boolean minus = hour < 0 || min < 0 || sec < 0 || fsec < 0;
            sb.append(state[0] ? "" : " ").append(minus ? "-" : state[1] ? "+" : "");
            two(sb, Math.abs(hour)).append(':');
            two(sb, Math.abs(min)).append(':');
            two(sb, Math.abs(sec));
            if (fsec != 0) {
                String digits = Long.toString(1_000_000L + Math.abs(fsec)).substring(1);
                int end = digits.length();
                while (digits.charAt(end - 1) == '0') {
                    end--;
                }
                sb.append('.').append(digits, 0, end);
            }
        }
        return sb.toString();
    }

    private static void part(StringBuilder sb, long value, String unit, boolean[] state) {
        if (value == 0) {
            return;
        }
        sb.append(state[0] ? "" : " ").append(state[1] && value > 0 ? "+" : "").append(value).append(' ').append(unit);
        if (value != 1) {
            sb.append('s');
        }
        state[1] = value < 0;
        state[0] = false;
    }

    private static StringBuilder two(StringBuilder sb, long value) {
        return sb.append(value < 10 ? "0" : "").append(value);
    }
}
