package io.datasurface.ingest.cdc;

import io.debezium.spi.converter.CustomConverter;
import io.debezium.spi.converter.RelationalColumn;
import java.sql.Array;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.HashSet;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.postgresql.PGStatement;
import org.postgresql.geometric.PGbox;
import org.postgresql.geometric.PGcircle;
import org.postgresql.geometric.PGline;
import org.postgresql.geometric.PGlseg;
import org.postgresql.geometric.PGpath;
import org.postgresql.geometric.PGpoint;
import org.postgresql.geometric.PGpolygon;
import org.postgresql.util.PGInterval;
import org.postgresql.util.PGobject;

/**
 * A Debezium converter that hands over chosen columns as PostgreSQL's own text form of their values,
 * the form the snapshot readers get from {@code CAST(col AS text)}: json and jsonb, xml, the network
 * types, bit strings, enums and arrays as the server wrote them, and intervals written again in the
 * {@code postgres} interval style from their months, days and microseconds, and the geometric types
 * written again from their coordinates as PostgreSQL writes a float8 (shortest exact digits). Debezium's
 * own mappings lose some of these (bit strings become bytes without their length, an interval becomes
 * approximate microseconds, a point a struct).
 *
 * <p>Configured by {@link #COLUMNS}: entries {@code schema US table US column} joined by RS (ASCII unit
 * and record separators), which no SQL name in a model holds.
 */
public final class PostgresTextForm implements CustomConverter<SchemaBuilder, RelationalColumn> {
    /** The property naming the columns this converter takes. */
    public static final String COLUMNS = "columns";
    /** The property naming the date columns this converter takes (handed over as ISO dates, era kept). */
    public static final String DATES = "dates";
    static final String UNIT = "\u001f";
    static final String RECORD = "\u001e";

    private final Set<String> columns = new HashSet<>();
    private final Set<String> dates = new HashSet<>();

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
        String dateList = props.getProperty(DATES, "");
        if (!dateList.isEmpty()) {
            dates.addAll(Arrays.asList(dateList.split(RECORD)));
        }
    }

    @Override
    public void converterFor(RelationalColumn column, ConverterRegistration<SchemaBuilder> registration) {
        if (matches(columns, column)) {
            registration.register(SchemaBuilder.string().optional(), PostgresTextForm::text);
        } else if (matches(dates, column)) {
            registration.register(SchemaBuilder.string().optional(), PostgresTextForm::date);
        }
    }

    private static boolean matches(Set<String> entries, RelationalColumn column) {
        String collection = column.dataCollection(); // schema.table, maybe after a catalog
        for (String entry : entries) {
            String[] t = entry.split(UNIT, -1);
            String qualified = t[0] + "." + t[1];
            if (t[2].equals(column.name()) && (collection.equals(qualified) || collection.endsWith("." + qualified))) {
                return true;
            }
        }
        return false;
    }

    /**
     * A date as ISO text with its era ({@code -0043-03-15} is 44 BC; {@code +999999999-12-31} and
     * {@code -999999999-01-01} stand for infinity and -infinity). Debezium's initial snapshot gives the
     * driver's {@code java.sql.Date}, whose fields (in the driver's calendar) are PostgreSQL's, era
     * included, which Debezium's own conversion drops; streamed changes give a {@code LocalDate}.
     */
    static Object date(Object value) {
        if (value == null || value instanceof String) {
            return value;
        }
        if (value instanceof LocalDate d) {
            return d.toString();
        }
        if (value instanceof java.sql.Date d) {
            if (d.getTime() == PGStatement.DATE_POSITIVE_INFINITY) {
                return LocalDate.MAX.toString();
            }
            if (d.getTime() == PGStatement.DATE_NEGATIVE_INFINITY) {
                return LocalDate.MIN.toString();
            }
            GregorianCalendar calendar = new GregorianCalendar();
            calendar.setTime(d);
            int year = calendar.get(Calendar.YEAR);
            return LocalDate.of(calendar.get(Calendar.ERA) == GregorianCalendar.BC ? 1 - year : year,
                    calendar.get(Calendar.MONTH) + 1, calendar.get(Calendar.DAY_OF_MONTH)).toString();
        }
        if (value instanceof Number days) {
            return LocalDate.ofEpochDay(days.longValue()).toString();
        }
        throw new IllegalArgumentException("cannot read a " + value.getClass().getSimpleName() + " as a date");
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
            String geometric = geometric(value);
            if (geometric != null) {
                return geometric;
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

    /** A geometric value as PostgreSQL writes it, or null for another kind of value. */
    static String geometric(Object value) {
        if (value instanceof PGpoint p) {
            return point(p);
        }
        if (value instanceof PGlseg l) {
            return "[" + point(l.point[0]) + "," + point(l.point[1]) + "]";
        }
        if (value instanceof PGbox b) {
            return point(b.point[0]) + "," + point(b.point[1]);
        }
        if (value instanceof PGpath p) {
            return (p.open ? "[" : "(") + points(p.points) + (p.open ? "]" : ")");
        }
        if (value instanceof PGpolygon p) {
            return "(" + points(p.points) + ")";
        }
        if (value instanceof PGcircle c) {
            return "<" + point(c.center) + "," + float8(c.radius) + ">";
        }
        if (value instanceof PGline l) {
            return "{" + float8(l.a) + "," + float8(l.b) + "," + float8(l.c) + "}";
        }
        return null;
    }

    private static String point(PGpoint p) {
        return "(" + float8(p.x) + "," + float8(p.y) + ")";
    }

    private static String points(PGpoint[] points) {
        StringBuilder sb = new StringBuilder();
        for (PGpoint p : points) {
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(point(p));
        }
        return sb.toString();
    }

    /**
     * A double as PostgreSQL's float8 output writes it (extra_float_digits above 0, the default since 12):
     * the fewest digits that read back as the same double, fixed-point for exponents -4 to 14, else
     * {@code 1.5e+20}; {@code NaN}, {@code Infinity}, {@code -Infinity}, {@code -0}.
     */
    static String float8(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0" : "0";
        }
        String sci = null;
        for (int precision = 0; precision < 17; precision++) {
            sci = String.format(Locale.ROOT, "%." + precision + "e", d);
            if (Double.parseDouble(sci) == d) {
                break;
            }
        }
        boolean negative = sci.charAt(0) == '-';
        int e = sci.indexOf('e');
        String digits = sci.substring(negative ? 1 : 0, e).replace(".", "");
        int exp = Integer.parseInt(sci.substring(e + 1));
        int end = digits.length();
        while (end > 1 && digits.charAt(end - 1) == '0') {
            end--;
        }
        digits = digits.substring(0, end);
        StringBuilder sb = new StringBuilder(24);
        if (negative) {
            sb.append('-');
        }
        if (exp >= -4 && exp < 15) {
            if (exp < 0) {
                sb.append("0.").append("0".repeat(-exp - 1)).append(digits);
            } else if (digits.length() <= exp + 1) {
                sb.append(digits).append("0".repeat(exp + 1 - digits.length()));
            } else {
                sb.append(digits, 0, exp + 1).append('.').append(digits, exp + 1, digits.length());
            }
        } else {
            sb.append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            }
            sb.append('e').append(exp < 0 ? '-' : '+');
            int abs = Math.abs(exp);
            sb.append(abs < 10 ? "0" : "").append(abs);
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
