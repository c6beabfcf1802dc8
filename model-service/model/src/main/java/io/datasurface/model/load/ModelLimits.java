package io.datasurface.model.load;

import java.util.Locale;

/**
 * How big a model may be. A model comes from git pushes of many teams, so its size is bounded before
 * anything is parsed and nothing in it can multiply: a YAML alias may repeat a single value, never a
 * list or mapping (a few lines of nested aliases — a "billion laughs" — would otherwise stand for
 * billions of nodes). Exceeding a limit is a model problem ({@code file-too-large},
 * {@code model-too-large}, {@code yaml-alias}) that names the limit, never an out-of-memory error.
 */
public final class ModelLimits {
    /** Largest model file, YAML or {@code dsg_platform_mapping.json}: 4 MiB (a datastore of ~50,000 columns). */
    public static final long MAX_FILE_BYTES = 4L * 1024 * 1024;
    /**
     * Longest line: 64 Ki characters. The YAML parser slows down with the square of a line's length (a
     * 4 MiB line takes half a minute); long text is written as a folded ({@code >}) or literal
     * ({@code |}) block.
     */
    public static final int MAX_LINE_CHARS = 64 * 1024;
    /** Most YAML documents in one file. */
    public static final int MAX_DOCUMENTS_PER_FILE = 1_000;
    /** Deepest nesting of lists and mappings in one document. */
    public static final int MAX_NESTING_DEPTH = 50;
    /**
     * Largest model, all its files together: 128 MiB. The scale benchmark's model (10,000 datastores of
     * 10 datasets, 3,000 workspaces) is about 50 MB.
     */
    public static final long MAX_MODEL_BYTES = 128L * 1024 * 1024;
    /** Most files in a model (YAML files and the mapping file). */
    public static final int MAX_FILES = 50_000;
    /**
     * Most YAML nodes (keys, values, lists, mappings) in a model: 20 million, about three times the scale
     * benchmark's model, which keeps about 250 MiB of heap once loaded. Dense YAML ({@code [1,1,1,…]})
     * packs far more nodes into 128 MiB than any model does, and every node costs memory.
     */
    public static final long MAX_MODEL_NODES = 20_000_000;
    /** Most aliases of lists or mappings the parser reads in one file (each is refused anyway, with its line). */
    static final int MAX_COLLECTION_ALIASES = 100;

    /** The limits a load applies: the constants above, smaller in tests. */
    record Limits(long fileBytes, int lineChars, int documentsPerFile, long modelBytes, int files, long modelNodes) {
        static final Limits DEFAULT = new Limits(MAX_FILE_BYTES, MAX_LINE_CHARS, MAX_DOCUMENTS_PER_FILE,
                MAX_MODEL_BYTES, MAX_FILES, MAX_MODEL_NODES);
    }

    private ModelLimits() {
    }

    /** {@code 4 MiB}, {@code 132.0 MiB}, {@code 512 KiB}, {@code 1,234 bytes}. */
    static String bytes(long n) {
        long mib = 1024 * 1024;
        if (n >= mib) {
            return n % mib == 0 ? n / mib + " MiB" : String.format(Locale.ROOT, "%.1f MiB", n / (double) mib);
        }
        return n >= 1024 && n % 1024 == 0 ? n / 1024 + " KiB" : count(n) + " bytes";
    }

    /** {@code 20,000,000}. */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
