package io.datasurface.migrations;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.resource.LoadableResource;

/**
 * The migration scripts of one schema as Flyway resources: listed in code and read from the class path,
 * without class path scanning (which some class loaders, Quarkus's among them, do not support).
 */
final class ListedScripts implements ResourceProvider {
    private final ClassLoader loader;
    private final String location;
    private final List<String> scripts;

    ListedScripts(ClassLoader loader, String location, List<String> scripts) {
        this.loader = loader;
        this.location = location;
        this.scripts = scripts;
    }

    @Override
    public LoadableResource getResource(String name) {
        String file = name.startsWith(location) ? name.substring(location.length()) : name;
        return scripts.contains(file) ? new Script(file) : null;
    }

    @Override
    public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
        return scripts.stream()
                .filter(s -> s.startsWith(prefix) && Arrays.stream(suffixes).anyMatch(s::endsWith))
                .<LoadableResource>map(Script::new)
                .toList();
    }

    private final class Script extends LoadableResource {
        private final String file;

        Script(String file) {
            this.file = file;
        }

        @Override
        public Reader read() {
            InputStream in = loader.getResourceAsStream(location + file);
            if (in == null) {
                throw new FlywayException("migration " + location + file + " is missing from the class path");
            }
            return new InputStreamReader(in, StandardCharsets.UTF_8);
        }

        @Override
        public String getAbsolutePath() {
            return location + file;
        }

        @Override
        public String getAbsolutePathOnDisk() {
            return location + file;
        }

        @Override
        public String getFilename() {
            return file;
        }

        @Override
        public String getRelativePath() {
            return file;
        }
    }
}
