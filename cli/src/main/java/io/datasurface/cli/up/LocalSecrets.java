package io.datasurface.cli.up;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The secrets {@code datasurface up} keeps in its data directory, readable by their owner only: the webhook
 * secret ({@code DIR/webhook-secret}), the admin token ({@code DIR/admin-token}) and the services' file
 * credential store ({@code DIR/secrets/NAME/{user,password}}). Files are 0600 and folders 0700 — made so, and
 * made so again when they already exist (an older data directory, a copy, a umask that let others read).
 */
public final class LocalSecrets {
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final String WEBHOOK_SECRET = "webhook-secret";
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final Path data;

    private LocalSecrets(Path data) {
        this.data = data;
    }

    /**
     * The data directory's secrets, each one already there — the credential store's files included, also those
     * a user put there for {@code --model} — made owner-only first.
     */
    public static LocalSecrets open(Path dataDir) throws IOException {
        LocalSecrets secrets = new LocalSecrets(dataDir);
        if (Files.isDirectory(secrets.credentialStore())) {
            try (Stream<Path> all = Files.walk(secrets.credentialStore())) {
                for (Path p : all.filter(f -> !Files.isSymbolicLink(f)).toList()) { // a link's target is not ours
                    restrict(p, Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? FOLDER : FILE);
                }
            }
        }
        for (Path f : List.of(dataDir.resolve(WEBHOOK_SECRET), secrets.adminTokenFile())) {
            if (Files.exists(f)) {
                restrict(f, FILE);
            }
        }
        return secrets;
    }

    /** The webhook secret of this data directory, made on first use. */
    public String webhookSecret() throws IOException {
        return generated(data.resolve(WEBHOOK_SECRET));
    }

    /** The admin token the services of this data directory take, made on first use. */
    public String adminToken() throws IOException {
        return generated(adminTokenFile());
    }

    public Path adminTokenFile() {
        return data.resolve("admin-token");
    }

    /** The services' credential store ({@code file:} this folder). */
    public Path credentialStore() {
        return data.resolve("secrets");
    }

    /** Writes a credential of the store: {@code secrets/NAME/user} and {@code password}. */
    public void credential(String name, String user, String password) throws IOException {
        Path dir = ownerOnlyFolder(ownerOnlyFolder(credentialStore()).resolve(name));
        write(dir.resolve("user"), user);
        write(dir.resolve("password"), password);
    }

    /** The content of a secret file, 24 random bytes in hex when it does not exist yet. */
    private static String generated(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            byte[] b = new byte[24];
            new SecureRandom().nextBytes(b);
            write(file, HexFormat.of().formatHex(b));
        }
        restrict(file, FILE);
        return Files.readString(file).strip();
    }

    /** Writes a file readable by its owner only: made so before the text goes in. */
    static void write(Path file, String text) throws IOException {
        if (Files.exists(file)) {
            restrict(file, FILE);
        } else if (POSIX) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
        }
        Files.writeString(file, text);
    }

    /** The folder, made if missing, usable by its owner only. */
    static Path ownerOnlyFolder(Path dir) throws IOException {
        if (!Files.isDirectory(dir) && POSIX) {
            Files.createDirectories(dir.getParent());
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(FOLDER));
        } else {
            Files.createDirectories(dir);
        }
        restrict(dir, FOLDER);
        return dir;
    }

    private static void restrict(Path path, Set<PosixFilePermission> permissions) throws IOException {
        if (POSIX) {
            Files.setPosixFilePermissions(path, permissions);
        }
    }
}
