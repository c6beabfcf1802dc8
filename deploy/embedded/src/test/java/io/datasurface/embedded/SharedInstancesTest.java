package io.datasurface.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.testkit.engine.EngineTestKit;

/** The shared-instance life cycle the extensions rely on, shown with a stand-in for a server. */
class SharedInstancesTest {

    private static final List<FakeServer> SEEN = new CopyOnWriteArrayList<>();

    @AfterEach
    void cleanUp() {
        SharedInstances.closeAll();
        SEEN.clear();
    }

    @Test
    void oneInstanceForTheWholeRunClosedWhenTheRunEnds() {
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(ProbeOne.class), selectClass(ProbeTwo.class))
                .execute().testEvents().assertStatistics(stats -> stats.succeeded(2).failed(0));

        assertThat(SEEN).hasSize(2);
        assertThat(SEEN.get(1)).isSameAs(SEEN.get(0));
        assertThat(SEEN.get(0).closed).isTrue();
    }

    @Test
    void aFreshInstanceStartsAfterTheSharedOnesWereClosed() {
        FakeServer first = SharedInstances.get("probe", FakeServer.class, FakeServer::new);
        SharedInstances.closeAll();

        FakeServer second = SharedInstances.get("probe", FakeServer.class, FakeServer::new);

        assertThat(first.closed).isTrue();
        assertThat(second).isNotSameAs(first);
        assertThat(second.closed).isFalse();
    }

    static final class FakeServer implements AutoCloseable {
        volatile boolean closed;

        @Override
        public void close() {
            closed = true;
        }
    }

    /** Resolves the shared {@link FakeServer} the way the real extensions resolve theirs. */
    static final class FakeExtension implements ParameterResolver {
        @Override
        public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
            return parameterContext.getParameter().getType() == FakeServer.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
            JUnitSupport.stopAtEndOfRun(extensionContext);
            return SharedInstances.get("probe", FakeServer.class, FakeServer::new);
        }
    }

    @ExtendWith(FakeExtension.class)
    static class ProbeOne {
        @Test
        void uses(FakeServer server) {
            assertThat(server.closed).isFalse();
            SEEN.add(server);
        }
    }

    @ExtendWith(FakeExtension.class)
    static class ProbeTwo {
        @Test
        void uses(FakeServer server) {
            assertThat(server.closed).isFalse();
            SEEN.add(server);
        }
    }
}
