package io.datasurface.model.credential;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which JDBC URLs DataSurface opens: the one policy for the lint and for every connection the services
 * and the command line open ({@code Databases} in the ingest core).
 *
 * <ul>
 *   <li>PostgreSQL, always: {@code jdbc:postgresql://HOST[:PORT][,HOST[:PORT]…]/DATABASE[?…]} with only
 *       the parameters of {@link #POSTGRES_PARAMETERS}. Parameters that make the driver load a class
 *       ({@code socketFactory}, {@code sslfactory}, …), write or read files ({@code loggerFile},
 *       {@code sslkey}, …) or move the connection elsewhere ({@code host}, {@code port}, {@code dbname},
 *       {@code service}) are refused.</li>
 *   <li>H2, only under {@link #POSTGRES_AND_H2} (tests and local trials): {@code jdbc:h2:mem:NAME} or
 *       {@code jdbc:h2:file:PATH} with only the settings of {@link #H2_SETTINGS}. {@code INIT=} (runs SQL,
 *       which can define Java functions), class-name settings and remote servers are refused.</li>
 *   <li>Every other driver is refused: a driver on the class path is no reason to let a model use it.</li>
 * </ul>
 */
public enum JdbcPolicy {
    /** PostgreSQL only: the services, and the merge store everywhere. */
    POSTGRES_ONLY,
    /** PostgreSQL, and H2 in memory or in a file: {@code run-job --allow-h2}, for tests and local trials. */
    POSTGRES_AND_H2;

    /** The PostgreSQL URL parameters a URL may carry (compared ignoring case). */
    public static final Set<String> POSTGRES_PARAMETERS = Set.of("user", "password", "ssl", "sslmode",
            "channelbinding", "gssencmode", "connecttimeout", "sockettimeout", "logintimeout", "tcpkeepalive",
            "applicationname", "currentschema", "targetservertype", "loadbalancehosts", "readonly",
            "defaultrowfetchsize", "preparethreshold");
    /** The H2 settings a URL may carry after {@code ;} (compared ignoring case). */
    public static final Set<String> H2_SETTINGS = Set.of("DB_CLOSE_DELAY", "DB_CLOSE_ON_EXIT", "IFEXISTS", "MODE",
            "DATABASE_TO_UPPER", "DATABASE_TO_LOWER", "CASE_INSENSITIVE_IDENTIFIERS", "ACCESS_MODE_DATA");

    private static final String HOST = "(?:\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9][A-Za-z0-9._-]*)";
    private static final Pattern HOST_NAME = Pattern.compile(HOST);
    private static final Pattern DATABASE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.$-]*");
    private static final Pattern POSTGRES = Pattern.compile(
            "jdbc:postgresql://(" + HOST + "(?::\\d{1,5})?(?:," + HOST + "(?::\\d{1,5})?)*)/([^?]*)(?:\\?(.*))?");
    private static final Pattern H2 = Pattern.compile("jdbc:h2:(mem|file):([^;]*)((?:;.*)?)");
    private static final Pattern H2_MEMORY_NAME = Pattern.compile("[A-Za-z0-9_-]*");

    /** Whether {@code text} is a host name or an IP address (IPv6 in brackets), nothing more. */
    public static boolean isHost(String text) {
        return text != null && HOST_NAME.matcher(text).matches();
    }

    /** Whether {@code text} is a database name that needs no escaping in a URL. */
    public static boolean isDatabase(String text) {
        return text != null && DATABASE.matcher(text).matches();
    }

    /** Whether the URL is an H2 URL (allowed or not). */
    public static boolean isH2(String jdbcUrl) {
        return jdbcUrl != null && jdbcUrl.regionMatches(true, 0, "jdbc:h2:", 0, "jdbc:h2:".length());
    }

    /**
     * The hosts a PostgreSQL URL connects to, lower-cased, without ports; empty for any other URL (an H2
     * database has no host) and for a PostgreSQL URL this policy refuses.
     */
    public static List<String> postgresHosts(String jdbcUrl) {
        Matcher m = jdbcUrl == null ? null : POSTGRES.matcher(jdbcUrl);
        if (m == null || !m.matches() || postgresParameters(m.group(3)).isPresent()) {
            return List.of();
        }
        List<String> hosts = new ArrayList<>();
        for (String hostPort : m.group(1).split(",")) {
            String host = hostPort.startsWith("[") ? hostPort.substring(0, hostPort.indexOf(']') + 1)
                    : hostPort.replaceFirst(":\\d+$", "");
            hosts.add(host.toLowerCase(Locale.ROOT));
        }
        return hosts;
    }

    /**
     * Why this policy refuses a JDBC URL: a driver it does not allow, or a parameter that is not safe;
     * empty when the URL may be opened. The reason names what to write instead and never repeats a
     * password.
     */
    public Optional<String> refusal(String jdbcUrl) {
        Optional<String> driver = unsupportedDriver(jdbcUrl);
        return driver.isPresent() ? driver : unsafeParameters(jdbcUrl);
    }

    /** Why the URL's driver is not allowed; empty when it is (its parameters are not looked at). */
    public Optional<String> unsupportedDriver(String jdbcUrl) {
        if (jdbcUrl == null) {
            return Optional.of("no JDBC URL is given");
        }
        if (jdbcUrl.regionMatches(true, 0, "jdbc:postgresql:", 0, "jdbc:postgresql:".length())) {
            return Optional.empty();
        }
        if (isH2(jdbcUrl)) {
            return this == POSTGRES_AND_H2 ? Optional.empty() : Optional.of("H2 databases are read only by "
                    + "'datasurface run-job --allow-h2' (tests and local trials); use a PostgreSQL source "
                    + "(jdbc:postgresql://HOST:PORT/DATABASE)");
        }
        if (!jdbcUrl.startsWith("jdbc:")) {
            return Optional.of("a JDBC URL starts with 'jdbc:'; write jdbc:postgresql://HOST:PORT/DATABASE");
        }
        String scheme = jdbcUrl.replaceFirst("^(jdbc:[^:/;?@]*:?).*$", "$1");
        return Optional.of("'" + scheme + "' URLs are not supported: no JDBC driver that DataSurface allows "
                + "understands this URL; write jdbc:postgresql://HOST:PORT/DATABASE"
                + (this == POSTGRES_AND_H2 ? " (or jdbc:h2:mem:NAME / jdbc:h2:file:PATH)" : ""));
    }

    /** Why the URL's form or parameters are not safe; empty when they are, or when its driver is not allowed. */
    public Optional<String> unsafeParameters(String jdbcUrl) {
        if (unsupportedDriver(jdbcUrl).isPresent()) {
            return Optional.empty();
        }
        Optional<String> form = isH2(jdbcUrl) ? h2(jdbcUrl) : postgres(jdbcUrl);
        if (form.isEmpty() && jdbcUrl.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            return Optional.of("a JDBC URL may not hold spaces or control characters");
        }
        return form;
    }

    private static Optional<String> postgres(String jdbcUrl) {
        Matcher m = POSTGRES.matcher(jdbcUrl);
        if (!m.matches()) {
            return Optional.of("write a PostgreSQL URL as jdbc:postgresql://HOST[:PORT]/DATABASE[?PARAMETER=VALUE&…]");
        }
        Optional<String> parameters = postgresParameters(m.group(3));
        if (parameters.isEmpty() && !isDatabase(m.group(2))) {
            return Optional.of("the database name '" + m.group(2) + "' may hold only letters, digits, '_', '.', "
                    + "'$' and '-'");
        }
        return parameters;
    }

    private static Optional<String> postgresParameters(String query) {
        if (query == null || query.isEmpty()) {
            return Optional.empty();
        }
        List<String> refused = new ArrayList<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            String key = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
            if (!POSTGRES_PARAMETERS.contains(key.toLowerCase(Locale.ROOT))) {
                refused.add("'" + key + "'");
            }
        }
        return refused.isEmpty() ? Optional.empty() : Optional.of("PostgreSQL URL parameter(s) " + String.join(", ",
                refused) + " are not allowed (they can load classes, read or write files on this host, or send "
                + "the connection elsewhere); allowed: " + String.join(", ", new TreeSet<>(POSTGRES_PARAMETERS)));
    }

    private static Optional<String> h2(String jdbcUrl) {
        Matcher m = H2.matcher(jdbcUrl);
        if (!m.matches()) {
            return Optional.of("write an H2 URL as jdbc:h2:mem:NAME or jdbc:h2:file:PATH (no remote H2 servers)");
        }
        if (m.group(1).equals("mem") && !H2_MEMORY_NAME.matcher(m.group(2)).matches()) {
            return Optional.of("an H2 memory database name may hold only letters, digits, '_' and '-'");
        }
        if (m.group(1).equals("file") && m.group(2).isEmpty()) {
            return Optional.of("an H2 file database needs a path: jdbc:h2:file:PATH");
        }
        List<String> refused = new ArrayList<>();
        // H2 splits the settings at every ';' that is not escaped: splitting at every ';' sees each of its keys
        for (String setting : m.group(3).split(";")) {
            if (setting.isEmpty()) {
                continue;
            }
            String key = setting.contains("=") ? setting.substring(0, setting.indexOf('=')) : setting;
            if (!H2_SETTINGS.contains(key.toUpperCase(Locale.ROOT))) {
                refused.add("'" + key + "'");
            }
        }
        return refused.isEmpty() ? Optional.empty() : Optional.of("H2 setting(s) " + String.join(", ", refused)
                + " are not allowed (INIT runs SQL that can define Java code; others load classes or open "
                + "servers); allowed: " + String.join(", ", new TreeSet<>(H2_SETTINGS)));
    }
}
