package io.datasurface.bench;

import io.datasurface.kafka.KafkaSettings;
import io.datasurface.model.event.GraphChanged;
import io.datasurface.model.event.Topics;
import io.datasurface.model.graph.GraphDiff;
import io.datasurface.model.graph.PipelineGraph;
import io.datasurface.model.json.Json;
import java.time.Instant;
import java.util.Collection;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Publishes platform graphs on {@code datasurface.graph} as the model-service does a first deployment. */
final class BenchGraphs {
    private BenchGraphs() {
    }

    /** Each graph as a diff from nothing, keyed by its platform; returns once the broker has them all. */
    static void publish(KafkaSettings settings, Collection<PipelineGraph> graphs) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(settings.producer("bench-graphs"))) {
            for (PipelineGraph graph : graphs) {
                GraphChanged changed = new GraphChanged(graph.platform(), "bench", "bench",
                        GraphDiff.between(null, graph), Instant.now());
                producer.send(new ProducerRecord<>(Topics.GRAPH, graph.platform(), Json.write(changed))).get();
            }
        }
    }
}
