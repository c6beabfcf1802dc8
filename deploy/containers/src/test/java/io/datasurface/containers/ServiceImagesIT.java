package io.datasurface.containers;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import io.datasurface.containers.ContainerStack.Service;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * Each service image, run as a Kubernetes pod would run it: read-only root filesystem with /tmp (and the
 * model-service's data folder) writable, settings from the environment, secrets from a mounted file. It becomes
 * ready, runs as the non-root user 1001, and stops on SIGTERM well inside the 20 s a pod is given by default here.
 */
class ServiceImagesIT {
    /** A port none of the services uses by default: the service must take it from the environment. */
    private static final int PORT_FROM_ENVIRONMENT = 9090;

    @ParameterizedTest
    @EnumSource(Service.class)
    void startsReadyAsNonRootWithItsEnvironmentAndStopsOnSigterm(Service service) throws Exception {
        ContainerStack stack = ContainerStack.get();
        try (GenericContainer<?> c = stack.service(service, service.image + "-0")) {
            c.withEnv("QUARKUS_HTTP_PORT", Integer.toString(PORT_FROM_ENVIRONMENT))
                    .withExposedPorts(PORT_FROM_ENVIRONMENT)
                    .waitingFor(Wait.forHttp("/q/health/ready").forPort(PORT_FROM_ENVIRONMENT).forStatusCode(200)
                            .withStartupTimeout(Duration.ofMinutes(3)))
                    .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withReadonlyRootfs(true)
                            .withTmpFs(Map.of("/tmp", "rw,mode=1777", "/var/lib/datasurface", "rw,mode=1777")));
            c.start(); // fails unless /q/health/ready answers 200 on the port the environment gave

            assertThat(c.execInContainer("id", "-u").getStdout().trim()).as("the user the service runs as")
                    .isEqualTo("1001");
            assertThat(c.getLogs()).as("the service listens where the environment said")
                    .contains("Listening on: http://0.0.0.0:" + PORT_FROM_ENVIRONMENT);
            assertThat(c.getLogs()).as("no secret in the log").doesNotContain(ContainerStack.PG_PASSWORD)
                    .doesNotContain(ContainerStack.ADMIN_TOKEN).doesNotContain(ContainerStack.WEBHOOK_SECRET);

            DockerClient docker = DockerClientFactory.lazyClient();
            long start = System.nanoTime();
            docker.stopContainerCmd(c.getContainerId()).withTimeout(20).exec(); // SIGTERM, SIGKILL after 20 s
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            Long exit = docker.inspectContainerCmd(c.getContainerId()).exec().getState().getExitCodeLong();
            assertThat(took).as("time from SIGTERM to exit").isLessThan(Duration.ofSeconds(20));
            assertThat(exit).as("exit status after SIGTERM (143: the JVM ended on the signal; 137 would be a kill)")
                    .isIn(0L, 143L);
            assertThat(c.getLogs()).as("Quarkus shut down in order").contains("stopped in");
        }
    }
}
