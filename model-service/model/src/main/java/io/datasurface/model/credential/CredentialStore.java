package io.datasurface.model.credential;

import io.datasurface.model.fault.DatasurfaceException;
import io.datasurface.model.naming.SqlNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Where named credentials come from. {@code env}: variables {@code <NAME>_USER} and
 * {@code <NAME>_PASSWORD}, NAME upper-cased with {@code -} mapped to {@code _}. {@code file:DIR}:
 * files {@code DIR/<name>/user} and {@code DIR/<name>/password} (as Kubernetes mounts a secret's keys;
 * one trailing newline is ignored). Only identifier-like names are looked up (a letter, then letters,
 * digits, {@code _} or {@code -}), so a name from a model can never reach outside DIR or name some other
 * variable.
 */
public final class CredentialStore {
    private final String description;
    private final Function<String, Credential> lookup;

    private CredentialStore(String description, Function<String, Credential> lookup) {
        this.description = description;
        this.lookup = lookup;
    }

    /**
     * @param spec {@code env} or {@code file:DIR}
     * @throws IllegalArgumentException for any other spelling
     */
    public static CredentialStore parse(String spec) {
        if (spec == null || spec.equals("env")) {
            return fromEnvironment(System.getenv());
        }
        if (spec.startsWith("file:") && spec.length() > "file:".length()) {
            return fromDirectory(Path.of(spec.substring("file:".length())));
        }
        throw new IllegalArgumentException("credential store '" + spec + "' is not understood; use env or file:DIR");
    }

    /** The {@code env} store over the given variables. */
    public static CredentialStore fromEnvironment(Map<String, String> env) {
        return new CredentialStore("the environment", name -> {
            String prefix = envName(name);
            String user = env.get(prefix + "_USER");
            String password = env.get(prefix + "_PASSWORD");
            if (user == null || password == null) {
                throw new DatasurfaceException("credential '" + name + "' is not in the environment: set "
                        + prefix + "_USER and " + prefix + "_PASSWORD", false);
            }
            return new Credential(user, password);
        });
    }

    public static CredentialStore fromDirectory(Path dir) {
        Path root = dir.toAbsolutePath().normalize();
        return new CredentialStore("directory " + dir, name -> {
            Path folder = root.resolve(name).normalize();
            if (!root.equals(folder.getParent())) {
                throw new DatasurfaceException("credential name '" + name + "' does not name a folder directly in "
                        + dir, false);
            }
            Path user = folder.resolve("user");
            Path password = folder.resolve("password");
            if (!Files.isRegularFile(user) || !Files.isRegularFile(password)) {
                throw new DatasurfaceException("credential '" + name + "' is not in " + dir + ": expected files "
                        + user + " and " + password, false);
            }
            return new Credential(read(user), read(password));
        });
    }

    /** {@code crm-reader} → {@code CRM_READER}. */
    public static String envName(String credential) {
        return credential.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** Whether {@code name} may name a credential: a letter, then letters, digits, {@code _} or {@code -}. */
    public static boolean isValidName(String name) {
        return SqlNames.isIdentifier(name);
    }

    /**
     * @throws DatasurfaceException when the name is not identifier-like, or the store does not hold the
     *                              credential (says what to set)
     */
    public Credential get(String name) {
        if (name == null) {
            throw new DatasurfaceException("no credential is named for this connection; name one in the model", false);
        }
        if (!isValidName(name)) {
            throw new DatasurfaceException("credential name '" + printable(name) + "' is not a name: use a letter, "
                    + "then letters, digits, '_' or '-' (no '/', '.' or spaces); fix the model", false);
        }
        return lookup.apply(name);
    }

    /** The name with control characters shown as '?', so a message cannot forge log lines. */
    private static String printable(String name) {
        return name.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }

    private static String read(Path file) {
        try {
            String s = Files.readString(file, StandardCharsets.UTF_8);
            return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
        } catch (IOException e) {
            throw new DatasurfaceException("cannot read " + file + ": " + e.getMessage(), false);
        }
    }

    @Override
    public String toString() {
        return description;
    }
}
