package io.datasurface.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code datasurface images}: the container images of the four services and of the local Kafka and PostgreSQL, built
 * with podman by deploy/containers/build-images.sh (the one place that knows how; the Maven build runs it before the
 * container tests). The {@code datasurface} script has built the services before this runs; the jars of the local
 * Kafka image are copied here, the first time, by the deploy/containers module (so that {@code up} never needs them).
 */
@Command(name = "images", mixinStandardHelpOptions = true,
        description = {"Build the container images with podman: localhost/datasurface/{model,ingest,merge,view}-"
                + "service and the local kafka and postgres images, tagged with the project version and git-<commit>.",
            "Without --base, the services' base is a Debian JRE image made from Debian's packages with mmdebstrap "
                + "(about a minute, once). Needs podman and mmdebstrap: deploy/containers/setup-podman.sh (as root) "
                + "installs them. Pushing to a registry: docs/deploy.md."})
final class ImagesCommand implements Callable<Integer> {
    @Option(names = "--base", paramLabel = "IMAGE", description = "Base image of the service and Kafka images: any "
            + "image with Java 17 on PATH and /bin/sh (e.g. docker.io/library/eclipse-temurin:17-jre).")
    String base;

    @Option(names = "--no-infra", description = "Only the four service images, not the local Kafka and PostgreSQL.")
    boolean noInfra;

    @Option(names = "--rebuild-base", description = "Make the local Debian base images again (Debian's updates).")
    boolean rebuildBase;

    @Override
    public Integer call() throws Exception {
        String home = System.getProperty(UpCommand.HOME_PROPERTY, "");
        Path script = Path.of(home).resolve("deploy/containers/build-images.sh").toAbsolutePath();
        if (!Files.isExecutable(script)) {
            throw new IllegalArgumentException(script + " is missing; run 'datasurface images' from the repository "
                    + "root (./datasurface images)");
        }
        Path root = script.getParent().getParent().getParent();
        if (!noInfra && !Files.isDirectory(root.resolve("deploy/containers/target/kafka/libs"))) {
            System.err.println("datasurface images: copying Apache Kafka's jars for the local Kafka image (once) ...");
            int built = new ProcessBuilder(root.resolve("mvnw").toString(), "-B", "-q", "-f",
                    root.resolve("pom.xml").toString(), "-pl", "deploy/containers", "-Dmaven.test.skip=true",
                    "package").inheritIO().start().waitFor();
            if (built != 0) {
                System.err.println("datasurface images: the build of deploy/containers failed (output above)");
                return Errors.FAILURE;
            }
        }
        List<String> command = new ArrayList<>(List.of(script.toString()));
        if (base != null) {
            command.addAll(List.of("--base", base));
        }
        if (noInfra) {
            command.add("--no-infra");
        }
        if (rebuildBase) {
            command.add("--rebuild-base");
        }
        return new ProcessBuilder(command).inheritIO().start().waitFor() == 0 ? 0 : Errors.FAILURE;
    }
}
