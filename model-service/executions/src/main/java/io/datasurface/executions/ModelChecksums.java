package io.datasurface.executions;

import io.datasurface.model.fault.DatasurfaceException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The models of one step, by name, each with the SHA-256 of its bytes: read from files matching
 * patterns ({@link #ofFiles}), or given directly by a caller that has the models in memory
 * ({@link #ofContents}, {@link #ofChecksums}). Model names are unique within a step.
 */
public final class ModelChecksums {
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");

    private final SortedMap<String, ModelChecksum> models;
    private final Optional<Path> basePath;
    private final List<String> patterns;

    private ModelChecksums(SortedMap<String, ModelChecksum> models, Optional<Path> basePath, List<String> patterns) {
        this.models = models;
        this.basePath = basePath;
        this.patterns = patterns;
    }

    /**
     * Checksums every regular file under {@code basePath} matching one of the unix-style patterns
     * ({@code *.sql}, {@code **}{@code /*.json}, {@code ./rel/path/**}{@code /*.csv}); see {@link Glob}.
     * A pattern matching nothing is fine; a file matched by two patterns counts once.
     *
     * @throws DatasurfaceException when {@code basePath} is not a folder, a pattern is malformed, two
     *     files have the same name without extension (the message names both), or a file cannot be read
     */
    public static ModelChecksums ofFiles(Path basePath, List<String> patterns) {
        if (patterns == null || patterns.isEmpty()) {
            throw new DatasurfaceException("give at least one pattern for the model files, such as '*.sql'", false);
        }
        List<Glob> globs = patterns.stream().map(Glob::compile).toList();
        Path base = basePath.toAbsolutePath().normalize();
        if (!Files.isDirectory(base)) {
            throw new DatasurfaceException("base path '" + basePath + "' is not a folder; give the folder that holds "
                    + "the model files", false);
        }
        Set<Path> files = new LinkedHashSet<>();
        try {
            globs.forEach(g -> files.addAll(g.match(base)));
        } catch (UncheckedIOException e) {
            throw new DatasurfaceException("cannot list the model files under '" + basePath + "': "
                    + e.getCause().getMessage(), false, e);
        }
        SortedMap<String, ModelChecksum> models = new TreeMap<>();
        for (Path file : files) {
            String relative = slashes(base.relativize(file));
            String name = modelName(file.getFileName().toString());
            ModelChecksum clash = models.get(name);
            if (clash != null) {
                throw new DatasurfaceException("model files '" + clash.source().orElseThrow() + "' and '" + relative
                        + "' both give the model name '" + name + "'; model names (file names without extension) "
                        + "must be unique within a step: rename one or narrow the patterns", false);
            }
            models.put(name, new ModelChecksum(name, sha256(file), Optional.of(relative)));
        }
        return new ModelChecksums(models, Optional.of(base), List.copyOf(patterns));
    }

    /**
     * @param contents model name → the model's bytes
     */
    public static ModelChecksums ofContents(Map<String, byte[]> contents) {
        SortedMap<String, ModelChecksum> models = new TreeMap<>();
        contents.forEach((name, bytes) -> models.put(requireName(name),
                new ModelChecksum(name, sha256(bytes), Optional.empty())));
        return new ModelChecksums(models, Optional.empty(), List.of());
    }

    /**
     * @param checksums model name → hex SHA-256 of the model's bytes (either case)
     * @throws DatasurfaceException when a name is empty or a checksum is not 64 hex digits
     */
    public static ModelChecksums ofChecksums(Map<String, String> checksums) {
        SortedMap<String, ModelChecksum> models = new TreeMap<>();
        checksums.forEach((name, checksum) -> {
            if (checksum == null || !SHA256_HEX.matcher(checksum).matches()) {
                throw new DatasurfaceException("the checksum of model '" + name + "' is not a SHA-256 in hex "
                        + "(64 digits 0-9, a-f)", false);
            }
            models.put(requireName(name), new ModelChecksum(name, checksum.toLowerCase(Locale.ROOT), Optional.empty()));
        });
        return new ModelChecksums(models, Optional.empty(), List.of());
    }

    /** {@code customers.sql} → {@code customers}; {@code a.b.sql} → {@code a.b}; {@code .env} → {@code .env}. */
    static String modelName(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }

    /** The lower-case hex SHA-256 of these bytes. */
    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    private static String sha256(Path file) {
        MessageDigest digest = digest();
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new DatasurfaceException("cannot read model file " + file + ": " + e.getMessage(), false, e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static String requireName(String name) {
        if (name == null || name.isEmpty()) {
            throw new DatasurfaceException("a model name is empty; every model needs a name", false);
        }
        return name;
    }

    private static String slashes(Path relative) {
        return relative.toString().replace(relative.getFileSystem().getSeparator(), "/");
    }

    /** @return the models, sorted by name */
    public Collection<ModelChecksum> models() {
        return models.values();
    }

    /** @return model name → checksum, sorted by name */
    public SortedMap<String, String> checksums() {
        SortedMap<String, String> out = new TreeMap<>();
        models.forEach((name, m) -> out.put(name, m.checksum()));
        return out;
    }

    /** @return the folder the files were found in (absolute), when they came from files */
    public Optional<Path> basePath() {
        return basePath;
    }

    /** @return the patterns the files were found with; empty when the models were given directly */
    public List<String> patterns() {
        return patterns;
    }

    @Override
    public String toString() {
        return models.size() + " models" + basePath.map(b -> " under " + b + " matching " + patterns).orElse("");
    }
}
