package io.datasurface.executions.cli;

import io.datasurface.model.credential.DatabaseUrl;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The passwords in the command line, and text with them replaced by {@code ****}. */
final class Secrets {
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)[?&;]password=([^&;\\s]*)");

    private static final int MIN_BARE_LENGTH = 4;

    private final Set<String> passwords;

    private Secrets(Set<String> passwords) {
        this.passwords = passwords;
    }

    /** The passwords held by any argument that is a database URL. */
    static Secrets in(String... args) {
        Set<String> passwords = new LinkedHashSet<>();
        for (String arg : args == null ? new String[0] : args) {
            if (arg == null) {
                continue;
            }
            try {
                DatabaseUrl.parse(arg).credential().ifPresent(c -> passwords.add(c.password()));
            } catch (RuntimeException notAUrl) {
                // only URLs hold passwords
            }
            Matcher m = PASSWORD_PARAMETER.matcher(arg);
            while (m.find()) {
                passwords.add(m.group(1));
                try {
                    passwords.add(URLDecoder.decode(m.group(1), StandardCharsets.UTF_8)); // as the driver reads it
                } catch (IllegalArgumentException malformed) {
                    // the raw text is hidden anyway
                }
            }
        }
        // a bare password of 1-3 characters would turn every such letter in a message into ****; the
        // URL forms are still redacted, and the driver never gets a URL holding the password
        passwords.removeIf(p -> p.length() < MIN_BARE_LENGTH);
        return new Secrets(passwords);
    }

    /** Text safe to print: passwords in URLs, and every known password of 4 or more characters, replaced. */
    String redact(String text) {
        if (text == null) {
            return null;
        }
        String safe = DatabaseUrl.redact(text);
        for (String p : passwords.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList()) {
            safe = safe.replace(p, "****");
        }
        return safe;
    }
}
