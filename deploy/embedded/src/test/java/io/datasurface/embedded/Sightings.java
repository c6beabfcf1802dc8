package io.datasurface.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Remembers the first instance seen under a name, so that later test classes can compare. */
final class Sightings {

    private static final Map<String, Object> FIRST = new ConcurrentHashMap<>();
    private static final Map<String, Integer> FIRST_PORT = new ConcurrentHashMap<>();

    private Sightings() {
    }

    static void assertSameAsFirstSeen(String name, Object instance, int port) {
        Object first = FIRST.computeIfAbsent(name, k -> instance);
        int firstPort = FIRST_PORT.computeIfAbsent(name, k -> port);
        assertThat(port).as("port of the shared %s", name).isEqualTo(firstPort);
        assertThat(instance).as("shared %s", name).isSameAs(first);
    }
}
