package io.datasurface.modelservice.deploy;

import io.datasurface.model.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The deployed model versions on disk: {@code model-EPOCHSECONDS} folders (10 digits, UTC) under one
 * root, each complete before it gets its name (it is written under a hidden name, then renamed), so
 * the newest one is always the current model and a reader never sees half a model. Each carries a
 * hidden {@code .datasurface-deployment.json} (commit, source repo, execution), which the model loader
 * skips, written without following a link of that name. Only the newest {@code keep} versions are kept.
 */
public final class ModelFolders {
    static final String INFO = ".datasurface-deployment.json";
    static final String PENDING = ".datasurface-pending.json";
    private static final Pattern VERSION = Pattern.compile("model-\\d{10}");

    /** What the service recorded about a deployed version. */
    public record Deployed(String version, String commit, String sourceRepo, String executionId, Instant deployedAt) {
    }

    private final Path root;
    private final int keep;

    public ModelFolders(Path root, int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be at least 1, got " + keep);
        }
        this.root = root;
        this.keep = keep;
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the models folder " + root + ": " + e.getMessage(), e);
        }
    }

    public Path root() {
        return root;
    }

    /** A new, empty, hidden folder to fetch a model into. */
    public Path incoming() {
        Path p = root.resolve(".incoming-" + UUID.randomUUID());
        try {
            return Files.createDirectory(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + p + ": " + e.getMessage(), e);
        }
    }

    /** The current model version: the newest complete folder. */
    public Optional<Path> current() {
        List<Path> all = versions();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    public Optional<Deployed> info(Path version) {
        Path f = version.resolve(INFO);
        if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.read(Files.readString(f), Deployed.class));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The name the next version gets: after {@code now}, or one second after the newest, so names always increase. */
    public String nextVersion(Instant now) {
        long seconds = now.getEpochSecond();
        Optional<Path> newest = current();
        if (newest.isPresent()) {
            seconds = Math.max(seconds, epochOf(newest.get()) + 1);
        }
        return String.format("model-%010d", seconds);
    }

    /** Makes an incoming folder the current version, named {@code info.version()}, then prunes old versions. */
    public Path promote(Path incoming, Deployed info) {
        Path target = promote(incoming, info, null);
        prune();
        return target;
    }

    /**
     * Makes an incoming folder the current version with a pending marker holding {@code pending} (what the version
     * still owes: its events); {@link #clearPending} removes it.
     */
    Path promotePending(Path incoming, Deployed info, String pending) {
        return promote(incoming, info, pending);
    }

    private Path promote(Path incoming, Deployed info, String pending) {
        Path target = root.resolve(info.version());
        try {
            writeNew(incoming.resolve(INFO), Json.write(info));
            if (pending != null) {
                writeNew(incoming.resolve(PENDING), pending);
            }
            try {
                Files.move(incoming, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(incoming, target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make " + target + " the current model: " + e.getMessage(), e);
        }
        return target;
    }

    /** What a version still owes, when it has a pending marker. */
    Optional<String> pending(Path version) {
        Path f = version.resolve(PENDING);
        if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(f));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
        }
    }

    /** The version owes nothing any more: its marker goes, and old versions are pruned. */
    void clearPending(Path version) {
        try {
            Files.deleteIfExists(version.resolve(PENDING));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the pending marker of " + version + ": " + e.getMessage(), e);
        }
        prune();
    }

    /**
     * Writes a file of the service's own into a model folder as a new file: whatever the model had under that name
     * (a file, or a link to anywhere) is removed first, never written through.
     */
    static void writeNew(Path file, String text) throws IOException {
        Files.deleteIfExists(file); // a link itself, not what it points at
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Removes a folder and everything in it (an incoming folder that was rejected, or an old version). */
    public static void delete(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + folder + ": " + e.getMessage(), e);
        }
    }

    /** Incoming folders left by a process that died mid-fetch. */
    public void removeLeftovers() {
        try (Stream<Path> list = Files.list(root)) {
            list.filter(p -> p.getFileName().toString().startsWith(".incoming-")).forEach(ModelFolders::delete);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
        }
    }

    private void prune() {
        List<Path> all = versions();
        for (int i = 0; i < all.size() - keep; i++) {
            delete(all.get(i));
        }
    }

    private List<Path> versions() {
        try (Stream<Path> list = Files.list(root)) {
            return list.filter(p -> VERSION.matcher(p.getFileName().toString()).matches()
                    && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
        }
    }

    private static long epochOf(Path version) {
        return Long.parseLong(version.getFileName().toString().substring("model-".length()));
    }
}
