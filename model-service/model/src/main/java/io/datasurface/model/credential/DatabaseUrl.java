package io.datasurface.model.credential;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A database address as users write it: a JDBC URL ({@code jdbc:postgresql://host:port/db}, any
 * {@code jdbc:} URL), or {@code postgresql[+driver]://[user[:password]@]host[:port]/db} as Python tools
 * write it. {@link #redacted()} is safe for messages and logs.
 */
public record DatabaseUrl(String jdbcUrl, Optional<Credential> credential, String redacted) {

    /** Scheme, then user info up to the LAST '@' (a password may hold '/' or '@'), host, port, database. */
    private static final Pattern POSTGRES = Pattern.compile(
            "postgres(?:ql)?(?:\\+[A-Za-z0-9_]+)?://(?:(.*)@)?([^:/?@]+|\\[[^]]+])(?::(\\d+))?/([^?/@]+)(\\?.*)?");
    /** User info after {@code //}, up to the last {@code @}. */
    private static final Pattern USER_INFO = Pattern.compile("(//[^:/@\\s]*):\\S*@");
    /** Oracle's {@code jdbc:oracle:thin:user/password@...}. */
    private static final Pattern ORACLE_LOGIN = Pattern.compile("(?i)(jdbc:oracle:[a-z]+:[^/@:\\s]*)/[^@\\s]*@");
    /** A parameter that holds a secret, up to the next separator of any URL syntax. */
    private static final Pattern SECRET_PARAMETER = Pattern.compile(
            "(?i)(\\b[\\w.-]*(?:password|passwd|pwd|secret|token)\\s*=\\s*)[^&;,\\s]*");

    /**
     * @throws IllegalArgumentException when the text is neither form (the message never repeats a password)
     */
    public static DatabaseUrl parse(String text) {
        if (text.startsWith("jdbc:")) {
            return new DatabaseUrl(text, Optional.empty(), redact(text));
        }
        Matcher m = POSTGRES.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("database URL '" + redact(text) + "' is not understood; write "
                    + "jdbc:postgresql://HOST:PORT/DB or postgresql://USER:PASSWORD@HOST:PORT/DB");
        }
        String host = m.group(2);
        String port = m.group(3) == null ? "5432" : m.group(3);
        String db = m.group(4);
        String jdbc = "jdbc:postgresql://" + host + ":" + port + "/" + db + (m.group(5) == null ? "" : m.group(5));
        Optional<Credential> credential = Optional.empty();
        if (m.group(1) != null && !m.group(1).isEmpty()) {
            String info = m.group(1);
            int colon = info.indexOf(':');
            credential = Optional.of(colon < 0 ? new Credential(decode(info), "")
                    : new Credential(decode(info.substring(0, colon)), decode(info.substring(colon + 1))));
        }
        String redacted = "postgresql://" + credential.map(c -> c.user() + "@").orElse("") + host + ":" + port + "/" + db;
        return new DatabaseUrl(jdbc, credential, redacted);
    }

    /**
     * A PostgreSQL address from its parts.
     *
     * @throws IllegalArgumentException when the host is not a host name or IP address, or the database name
     *                                  holds characters a URL would read as more than a name ({@code ?}, {@code /}, …)
     */
    public static DatabaseUrl postgres(String host, int port, String database) {
        if (!JdbcPolicy.isHost(host)) {
            throw new IllegalArgumentException("'" + host + "' is not a host name or IP address");
        }
        if (!JdbcPolicy.isDatabase(database)) {
            throw new IllegalArgumentException("'" + database + "' is not a database name: use letters, digits, "
                    + "'_', '.', '$' and '-'");
        }
        String jdbc = "jdbc:postgresql://" + host + ":" + port + "/" + database;
        return new DatabaseUrl(jdbc, Optional.empty(), "postgresql://" + host + ":" + port + "/" + database);
    }

    /** The same address with this credential, unless the URL carried one itself. */
    public DatabaseUrl withDefaultCredential(Credential c) {
        return credential.isPresent() ? this : new DatabaseUrl(jdbcUrl, Optional.of(c), redacted);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /**
     * Removes passwords from a URL or from text holding one: user info up to the last {@code @} after
     * {@code //} (a password may hold {@code /} or {@code @}), Oracle's {@code user/password@}, and every
     * parameter whose name ends in {@code password}, {@code passwd}, {@code pwd}, {@code secret} or
     * {@code token} ({@code password=}, {@code sslpassword=}, {@code PWD=}, {@code private_key_pwd=},
     * {@code clientSecret=}, {@code accessToken=}, ...), however the URL separates them ({@code ?&;:}).
     */
    public static String redact(String url) {
        if (url == null) {
            return null;
        }
        String s = USER_INFO.matcher(url).replaceAll("$1:****@");
        s = ORACLE_LOGIN.matcher(s).replaceAll("$1/****@");
        return SECRET_PARAMETER.matcher(s).replaceAll("$1****");
    }


    /** Whether a JDBC URL carries its own user (then no named credential is needed). */
    public boolean carriesUser() {
        return credential.isPresent() || jdbcUrl.matches("(?i).*[?&;]user=.*");
    }

    @Override
    public String toString() {
        return redacted;
    }
}
