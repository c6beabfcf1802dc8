package io.datasurface.modelservice.deploy;

import io.datasurface.model.Model;
import io.datasurface.model.load.LoadResult;
import io.datasurface.model.load.ModelLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A copy of the mvp example model in a folder of the test's own, to change and load. */
final class MvpCopy {
    static final Path MVP = Path.of("../../docs/examples/mvp");

    final Path dir;

    private MvpCopy(Path dir) {
        this.dir = dir;
    }

    static MvpCopy into(Path dir) {
        try (Stream<Path> files = Files.walk(MVP)) {
            for (Path f : files.sorted(Comparator.naturalOrder()).toList()) {
                Path target = dir.resolve(MVP.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new MvpCopy(dir);
    }

    MvpCopy write(String file, String text) {
        try {
            Path f = dir.resolve(file);
            Files.createDirectories(f.getParent());
            Files.writeString(f, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    MvpCopy edit(String file, String from, String to) {
        try {
            String text = Files.readString(dir.resolve(file));
            if (!text.contains(from)) {
                throw new IllegalStateException(file + " does not contain " + from);
            }
            Files.writeString(dir.resolve(file), text.replace(from, to));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** The model, after checking that it loads without problems (a test of a broken copy would prove nothing). */
    Model load() {
        LoadResult r = ModelLoader.load(dir);
        if (!r.problems().isEmpty()) {
            throw new IllegalStateException("the copy in " + dir + " has problems: " + r.problems());
        }
        return r.model();
    }
}
