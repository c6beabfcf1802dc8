package io.datasurface.deploy.kubernetes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.yaml.snakeyaml.Yaml;

/** Renders an overlay with {@code kubectl kustomize} (kubectl from PATH) into its resources. */
final class Kustomize {
    static final String SETUP = "deploy/containers/setup-podman.sh";

    private Kustomize() {
    }

    /** The overlay's resources, each a YAML map. */
    static Manifests render(Path overlay) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder("kubectl", "kustomize", overlay.toString()).redirectErrorStream(false).start();
        } catch (IOException e) {
            throw new AssertionError("kubectl is not on PATH, and the manifests are rendered with `kubectl kustomize`: "
                    + "install it with " + SETUP + " (Debian's kubernetes-client), as CI does", e);
        }
        p.getOutputStream().close();
        var err = new java.io.ByteArrayOutputStream();
        Thread drain = new Thread(() -> {
            try {
                p.getErrorStream().transferTo(err);
            } catch (IOException ignored) {
                // the exit code says what matters
            }
        });
        drain.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("kubectl kustomize " + overlay + " did not finish in 120 s");
        }
        drain.join();
        if (p.exitValue() != 0) {
            throw new AssertionError("kubectl kustomize " + overlay + " failed (exit " + p.exitValue() + "):\n"
                    + err.toString(StandardCharsets.UTF_8));
        }
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : new Yaml().loadAll(out)) {
            if (doc != null) {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) doc;
                docs.add(m);
            }
        }
        return new Manifests(docs);
    }
}
