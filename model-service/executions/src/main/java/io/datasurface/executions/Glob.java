package io.datasurface.executions;

import io.datasurface.model.fault.DatasurfaceException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A unix-style file pattern relative to a base folder, matched as Python's
 * {@code glob(pattern, recursive=True)} does: {@code *} and {@code ?} stay within one folder,
 * {@code [abc]}, {@code [a-z]} and {@code [!abc]} match one character, a {@code **} segment matches
 * zero or more folders, and wildcards do not match names that start with a dot unless the pattern's
 * segment does. A leading {@code ./} is ignored. Only regular files are matched.
 *
 * <p>Malformed (an error, not "no match"): an empty pattern, an absolute one, a {@code ..} segment,
 * an unclosed {@code [}, an invalid range, and {@code **} inside a longer segment ({@code **.sql}).
 */
final class Glob {
    private sealed interface Segment permits Literal, Wildcard, AnyFolders { }

    private record Literal(String name) implements Segment { }

    private record Wildcard(Pattern regex, boolean matchesHidden) implements Segment {
        boolean matches(String name) {
            return (matchesHidden || !name.startsWith(".")) && regex.matcher(name).matches();
        }
    }

    private record AnyFolders() implements Segment { }

    private final String text;
    private final List<Segment> segments;

    private Glob(String text, List<Segment> segments) {
        this.text = text;
        this.segments = segments;
    }

    /**
     * @throws DatasurfaceException when the pattern is malformed (the message says how to write it)
     */
    static Glob compile(String pattern) {
        if (pattern == null || pattern.isBlank()) {
            throw malformed(pattern, "it is empty");
        }
        if (pattern.startsWith("/") || pattern.startsWith("\\") || pattern.matches("^[A-Za-z]:[/\\\\].*")) {
            throw malformed(pattern, "it is absolute; patterns are relative to BASE_PATH");
        }
        List<Segment> segments = new ArrayList<>();
        for (String part : pattern.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw malformed(pattern, "'..' would leave BASE_PATH; give a BASE_PATH that holds every model");
            }
            if (part.equals("**")) {
                if (segments.isEmpty() || !(segments.get(segments.size() - 1) instanceof AnyFolders)) {
                    segments.add(new AnyFolders());
                }
                continue;
            }
            if (part.contains("**")) {
                throw malformed(pattern, "'**' must be a whole path segment, as in **/*.sql");
            }
            segments.add(segment(pattern, part));
        }
        if (segments.isEmpty()) {
            throw malformed(pattern, "it names no file");
        }
        if (segments.get(segments.size() - 1) instanceof AnyFolders) {
            segments.add(new Wildcard(Pattern.compile(".*", Pattern.DOTALL), false)); // ** alone: every file below
        }
        return new Glob(pattern, List.copyOf(segments));
    }

    /**
     * @return the regular files under {@code base} that match, sorted
     */
    Set<Path> match(Path base) {
        Set<Path> found = new TreeSet<>();
        try {
            expand(base, 0, found);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    private void expand(Path path, int index, Set<Path> found) throws IOException {
        if (index == segments.size()) {
            if (Files.isRegularFile(path)) {
                found.add(path);
            }
            return;
        }
        if (!Files.isDirectory(path)) {
            return;
        }
        Segment segment = segments.get(index);
        if (segment instanceof Literal literal) {
            Path child = path.resolve(literal.name());
            if (Files.exists(child)) {
                expand(child, index + 1, found);
            }
        } else if (segment instanceof Wildcard wildcard) {
            for (Path child : children(path)) {
                if (wildcard.matches(child.getFileName().toString())) {
                    expand(child, index + 1, found);
                }
            }
        } else {
            expand(path, index + 1, found);
            for (Path child : children(path)) {
                // not into hidden folders (as Python's glob), nor through links (no cycles)
                if (!child.getFileName().toString().startsWith(".")
                        && Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                    expand(child, index, found);
                }
            }
        }
    }

    private static List<Path> children(Path dir) throws IOException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            stream.forEach(children::add);
        }
        children.sort(null);
        return children;
    }

    private static Segment segment(String pattern, String part) {
        if (part.chars().noneMatch(c -> c == '*' || c == '?' || c == '[')) {
            return new Literal(part);
        }
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c == '*') {
                regex.append(".*");
            } else if (c == '?') {
                regex.append('.');
            } else if (c == '[') {
                i = characterClass(pattern, part, i, regex);
            } else {
                regex.append(escape(c));
            }
        }
        try {
            return new Wildcard(Pattern.compile(regex.toString(), Pattern.DOTALL), part.startsWith("."));
        } catch (PatternSyntaxException e) {
            throw malformed(pattern, "'" + part + "' has an invalid character range");
        }
    }

    /** Appends {@code [...]} starting at {@code open}; returns the index of its closing bracket. */
    private static int characterClass(String pattern, String part, int open, StringBuilder regex) {
        int i = open + 1;
        boolean negated = i < part.length() && part.charAt(i) == '!';
        if (negated) {
            i++;
        }
        int first = i;
        if (i < part.length() && part.charAt(i) == ']') {
            i++; // a ']' right after '[' or '[!' is a member
        }
        int close = part.indexOf(']', i);
        if (close < 0) {
            throw malformed(pattern, "the '[' in '" + part + "' is not closed; write [[] for a literal '['");
        }
        regex.append('[').append(negated ? "^" : "");
        for (int j = first; j < close; j++) {
            char c = part.charAt(j);
            boolean range = c == '-' && j > first && j < close - 1;
            regex.append(range ? "-" : escape(c));
        }
        regex.append(']');
        return close;
    }

    /** ASCII punctuation is escaped; letters, digits and non-ASCII characters are never regex syntax. */
    private static String escape(char c) {
        return c < 128 && !Character.isLetterOrDigit(c) ? "\\" + c : String.valueOf(c);
    }

    private static DatasurfaceException malformed(String pattern, String why) {
        return new DatasurfaceException("pattern '" + pattern + "' is malformed: " + why, false);
    }

    @Override
    public String toString() {
        return text;
    }
}
