package io.datasurface.embedded;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.function.Function;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;

/** Plumbing shared by {@link KafkaExtension} and {@link PostgresExtension}. */
final class JUnitSupport {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(JUnitSupport.class);

    private JUnitSupport() {
    }

    /** Makes sure the shared instances are stopped when this JUnit run ends. */
    static void stopAtEndOfRun(ExtensionContext context) {
        context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent(SharedInstances.RunEnd.class, k -> new SharedInstances.RunEnd(), SharedInstances.RunEnd.class);
    }

    /** Assigns a value to each null, non-static, non-final field of the given type. */
    static <T> void injectFields(Object testInstance, Class<T> type, Function<Field, T> valueFor) throws IllegalAccessException {
        for (Field field : ReflectionSupport.findFields(testInstance.getClass(),
                f -> f.getType() == type && !Modifier.isStatic(f.getModifiers()) && !Modifier.isFinal(f.getModifiers()),
                HierarchyTraversalMode.TOP_DOWN)) {
            field.setAccessible(true);
            if (field.get(testInstance) == null) {
                field.set(testInstance, valueFor.apply(field));
            }
        }
    }
}
