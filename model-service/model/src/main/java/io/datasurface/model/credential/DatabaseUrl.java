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

    private static final Pattern POSTGRES = Pattern.compile(
            "postgres(?:ql)?(?:\\+[A-Za-z0-9_]+)?://(?:([^:@/]*)(?::([^@/]*))?@)?([^:/?]+|\\[[^]]+])(?::(\\d+))?/([^?]+)(\\?.*)?");

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
        String host = m.group(3);
        String port = m.group(4) == null ? "5432" : m.group(4);
        String db = m.group(5);
        String jdbc = "jdbc:postgresql://" + host + ":" + port + "/" + db + (m.group(6) == null ? "" : m.group(6));
        Optional<Credential> credential = m.group(1) == null || m.group(1).isEmpty() ? Optional.empty()
                : Optional.of(new Credential(decode(m.group(1)), m.group(2) == null ? "" : decode(m.group(2))));
        String redacted = "postgresql://" + credential.map(c -> c.user() + "@").orElse("") + host + ":" + port + "/" + db;
        return new DatabaseUrl(jdbc, credential, redacted);
    }

    /** A PostgreSQL address from its parts. */
    public static DatabaseUrl postgres(String host, int port, String database) {
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

    /** Removes passwords from a URL: {@code user:secret@} and {@code password=secret} parameters. */
    static String redact(String url) {
        return url.replaceAll("(//[^:/@]*):[^@/]*@", "$1:****@")
                .replaceAll("(?i)(password=)[^&;]*", "$1****");
    }

    @Override
    public String toString() {
        return redacted;
    }
}
