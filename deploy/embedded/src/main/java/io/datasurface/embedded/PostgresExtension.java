package io.datasurface.embedded;

import java.lang.reflect.AnnotatedElement;
import java.util.Optional;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * JUnit Jupiter extension giving tests one shared {@link EmbeddedPostgresServer} per PostgreSQL
 * version for the whole test JVM. Each server starts on first use and stops when the test run ends.
 *
 * <p>It resolves {@code EmbeddedPostgresServer} constructor and method parameters, and fills null
 * instance fields of that type. {@link PostgresVersionSelect} chooses the version (default 17):
 *
 * <pre>{@code
 * @ExtendWith(PostgresExtension.class)
 * @PostgresVersionSelect(PostgresVersion.V16)
 * class MergeIT {
 *     @Test
 *     void merges(EmbeddedPostgresServer pg) throws SQLException {
 *         pg.createDatabase("merge_it");
 *         try (Connection c = pg.connect("merge_it")) { ... }
 *     }
 * }
 * }</pre>
 *
 * <p>For a test repeated per version, use {@link #server(PostgresVersion)} with an
 * {@code @EnumSource(PostgresVersion.class)} parameter. Servers are shared: use a database or
 * schema of its own per test class.
 */
public final class PostgresExtension implements ParameterResolver, TestInstancePostProcessor {

    /**
     * The shared server of this version, started if needed. Usable outside an extension context
     * too (then it stops when the JVM exits).
     *
     * @param version the PostgreSQL version
     * @return the shared server
     */
    public static EmbeddedPostgresServer server(PostgresVersion version) {
        return SharedInstances.get(version, EmbeddedPostgresServer.class,
                () -> EmbeddedPostgresServer.builder().version(version).start());
    }

    /** @return the shared server of the default version (17) */
    public static EmbeddedPostgresServer server() {
        return server(PostgresVersion.DEFAULT);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == EmbeddedPostgresServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        JUnitSupport.stopAtEndOfRun(extensionContext);
        Optional<PostgresVersionSelect> own = parameterContext.findAnnotation(PostgresVersionSelect.class);
        return server(own.map(PostgresVersionSelect::value).orElseGet(() -> versionFor(extensionContext)));
    }

    @Override
    public void postProcessTestInstance(Object testInstance, ExtensionContext context) throws Exception {
        JUnitSupport.stopAtEndOfRun(context);
        JUnitSupport.injectFields(testInstance, EmbeddedPostgresServer.class, field -> server(
                AnnotationSupport.findAnnotation(field, PostgresVersionSelect.class)
                        .map(PostgresVersionSelect::value)
                        .orElseGet(() -> versionFor(context))));
    }

    /** The nearest {@link PostgresVersionSelect} on the test method or its (enclosing) classes. */
    static PostgresVersion versionFor(ExtensionContext context) {
        for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent(); c = c.get().getParent()) {
            Optional<AnnotatedElement> element = c.get().getElement();
            Optional<PostgresVersionSelect> found = AnnotationSupport.findAnnotation(element, PostgresVersionSelect.class);
            if (found.isPresent()) {
                return found.get().value();
            }
        }
        return PostgresVersion.DEFAULT;
    }
}
