package io.datasurface.model.load;

import io.datasurface.model.Model;
import io.datasurface.model.load.ModelLimits.Limits;
import io.datasurface.model.problem.Location;
import io.datasurface.model.problem.Problems;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The checks of {@link ModelLimits}: the whole model from its file sizes before anything is read, each
 * file before it is parsed, and the parser's own limits turned into model problems.
 */
final class ModelSize {
    private ModelSize() {
    }

    /** Whether the model is over its file count or bytes; reports it once, naming the limit. */
    static boolean modelTooLarge(Path root, List<Path> yamlFiles, Limits limits, Problems problems) {
        Path mapping = root.resolve(Model.MAPPING_FILE);
        boolean hasMapping = Files.isRegularFile(mapping);
        int count = yamlFiles.size() + (hasMapping ? 1 : 0);
        if (count > limits.files()) {
            problems.error(Location.ofFile("."), "model-too-large", "the model has " + ModelLimits.count(count)
                    + " files; a model may have at most " + ModelLimits.count(limits.files())
                    + " (nothing was read); put more objects in each file");
            return true;
        }
        long total = hasMapping ? size(mapping) : 0;
        for (Path f : yamlFiles) {
            total += size(f);
        }
        if (total > limits.modelBytes()) {
            problems.error(Location.ofFile("."), "model-too-large", "the model's files hold " + ModelLimits.bytes(total)
                    + "; a model may hold at most " + ModelLimits.bytes(limits.modelBytes())
                    + " (nothing was read); remove what does not belong in it");
            return true;
        }
        return false;
    }

    /**
     * Whether the model holds too many YAML nodes; reports it once. Reading stops once the limit is passed,
     * so the message says only that it was.
     */
    static boolean tooManyNodes(long nodes, Limits limits, Problems problems) {
        if (nodes <= limits.modelNodes()) {
            return false;
        }
        problems.error(Location.ofFile("."), "model-too-large", "the model holds more than "
                + ModelLimits.count(limits.modelNodes()) + " YAML nodes (keys, values, lists, mappings), the most a "
                + "model may hold (none of it is used); remove what does not belong in it");
        return true;
    }

    /** Whether one file is over the byte limit; reports it without reading the file. */
    static boolean fileTooLarge(long size, String rel, Limits limits, Problems problems) {
        if (size <= limits.fileBytes()) {
            return false;
        }
        problems.error(Location.ofFile(rel), "file-too-large", "the file holds " + ModelLimits.bytes(size)
                + "; a model file may hold at most " + ModelLimits.bytes(limits.fileBytes())
                + "; split it into several files (it was not read)");
        return true;
    }

    /** Whether a line is longer than the limit; reports the first, before the parser meets it. */
    static boolean longLine(String text, String rel, Limits limits, Problems problems) {
        int line = 1;
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '\n') {
                if (i - start > limits.lineChars()) {
                    problems.error(new Location(rel, line), "file-too-large", "line " + line + " has "
                            + ModelLimits.count(i - start) + " characters; a model line may have at most "
                            + ModelLimits.count(limits.lineChars()) + ": write long text as a folded (>) or "
                            + "literal (|) block and long lists one item per line (the file was not read)");
                    return true;
                }
                line++;
                start = i + 1;
            }
        }
        return false;
    }

    /** A document beyond the file's limit; the caller drops the file's objects. */
    static void tooManyDocuments(int line, String rel, Limits limits, Problems problems) {
        problems.error(new Location(rel, line), "file-too-large", "the file holds more than "
                + ModelLimits.count(limits.documentsPerFile()) + " YAML documents; split it into several files "
                + "(none of its objects is used)");
    }

    /** The parser's own limits, reported as the model's; any other parser error as a syntax error. */
    static void parserError(YAMLException e, String rel, Problems problems) {
        String m = String.valueOf(e.getMessage());
        if (m.startsWith("Nesting Depth exceeded")) {
            problems.error(Location.ofFile(rel), "file-too-large", "lists and mappings are nested more than "
                    + ModelLimits.MAX_NESTING_DEPTH + " deep; no model object needs that many levels");
        } else if (m.startsWith("Number of aliases for non-scalar nodes")) {
            problems.error(Location.ofFile(rel), "yaml-alias", "the file uses more than "
                    + ModelLimits.MAX_COLLECTION_ALIASES + " aliases of lists or mappings; in a model an alias may "
                    + "repeat a single value only: write the lists and mappings out");
        } else if (m.startsWith("The incoming YAML document exceeds the limit")) {
            problems.error(Location.ofFile(rel), "file-too-large", "the file is larger than "
                    + ModelLimits.bytes(ModelLimits.MAX_FILE_BYTES) + "; split it into several files");
        } else {
            problems.error(Location.ofFile(rel), "yaml-syntax", "YAML error: " + m);
        }
    }

    static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0; // reported when the file is read
        }
    }
}
