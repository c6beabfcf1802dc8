package io.datasurface.modelservice.deploy;

import io.datasurface.model.problem.Problem;
import io.datasurface.model.problem.Severity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a model may consist of: folders and regular files, nothing else. A symbolic link can point outside the
 * model (the service would read, or write, whatever it points at), and a device or pipe is no model file; a
 * model holding either, anywhere (hidden folders too), is refused with one problem per entry.
 */
final class ModelTree {
    static final String SYMLINK = "symlink";
    static final String NOT_A_FILE = "not-a-regular-file";

    private ModelTree() {
    }

    /** One problem per symbolic link or non-regular file under {@code root}, by path; empty for a sound model. */
    static List<Problem> oddEntries(Path root) {
        List<Problem> out = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) { // does not follow links
            for (Path p : walk.sorted().toList()) {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                String rel = root.relativize(p).toString().replace('\\', '/');
                if (a.isSymbolicLink()) {
                    out.add(new Problem(Severity.ERROR, rel, 0, SYMLINK, rel + " is a symbolic link; a model holds "
                            + "regular files and folders only, since a link can point outside it: commit the file "
                            + "itself instead of a link to it"));
                } else if (!a.isDirectory() && !a.isRegularFile()) {
                    out.add(new Problem(Severity.ERROR, rel, 0, NOT_A_FILE, rel + " is not a regular file (a device, "
                            + "pipe or socket); a model holds regular files and folders only: remove it"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
        }
        return out;
    }
}
