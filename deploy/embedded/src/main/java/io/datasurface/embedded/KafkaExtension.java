package io.datasurface.embedded;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;

/**
 * JUnit Jupiter extension giving tests the one {@link EmbeddedKafka} broker shared by the whole
 * test JVM. The broker starts on first use and stops when the test run ends.
 *
 * <p>It resolves {@code EmbeddedKafka} constructor and method parameters, and fills null instance
 * fields of type {@code EmbeddedKafka}:
 *
 * <pre>{@code
 * @ExtendWith(KafkaExtension.class)
 * class OrdersIT {
 *     @Test
 *     void publishes(EmbeddedKafka kafka) {
 *         kafka.createTopic("orders-" + UUID.randomUUID(), 1);
 *     }
 * }
 * }</pre>
 *
 * <p>The broker is shared: use unique topic names and consumer group ids per test.
 */
public final class KafkaExtension implements ParameterResolver, TestInstancePostProcessor {

    private static final String KEY = "kafka";

    /**
     * The shared broker, started if needed. Usable outside an extension context too (then it stops
     * when the JVM exits).
     *
     * @return the shared broker
     */
    public static EmbeddedKafka broker() {
        return SharedInstances.get(KEY, EmbeddedKafka.class, () -> EmbeddedKafka.builder().start());
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == EmbeddedKafka.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        JUnitSupport.stopAtEndOfRun(extensionContext);
        return broker();
    }

    @Override
    public void postProcessTestInstance(Object testInstance, ExtensionContext context) throws Exception {
        JUnitSupport.stopAtEndOfRun(context);
        JUnitSupport.injectFields(testInstance, EmbeddedKafka.class, field -> broker());
    }
}
