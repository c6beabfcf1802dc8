package io.datasurface.embedded;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;

/** Waits until a freshly started broker answers requests and lists itself as a live broker. */
final class KafkaReadiness {

    private static final long POLL_MS = 50;

    private KafkaReadiness() {
    }

    /** @return the admin client, once the broker answers; closes it and throws otherwise */
    static Admin await(Admin admin, int port, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            int remainingMs = (int) Math.max(1, Duration.ofNanos(deadline - System.nanoTime()).toMillis());
            try {
                Collection<Node> nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(remainingMs))
                        .nodes().get();
                if (!nodes.isEmpty()) {
                    return admin;
                }
                Thread.sleep(POLL_MS);
            } catch (ExecutionException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                admin.close(Duration.ZERO);
                throw new EmbeddedStartException("Interrupted while waiting for the Kafka broker on port " + port, e);
            }
        }
        admin.close(Duration.ZERO);
        throw new EmbeddedStartException("The embedded Kafka broker on 127.0.0.1:" + port + " did not answer within "
                + timeout.toSeconds() + " s" + (last == null ? "" : " (last error: " + last.getCause() + ")")
                + ". Raise EmbeddedKafka.Builder.startupTimeout on a slow machine.", last);
    }
}
