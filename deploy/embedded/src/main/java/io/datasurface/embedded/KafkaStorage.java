package io.datasurface.embedded;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.storage.Formatter;

/**
 * Formats KRaft storage, as {@code kafka-storage.sh format} does, unless the directory already
 * holds formatted storage, which is then reused so that data survives restarts.
 */
final class KafkaStorage {

    private KafkaStorage() {
    }

    static boolean isFormatted(Path logDir) {
        return Files.isRegularFile(logDir.resolve(MetaPropertiesEnsemble.META_PROPERTIES_NAME));
    }

    /** @return true if the directory was formatted now, false if existing storage is reused */
    static boolean formatIfNeeded(Path logDir) {
        if (isFormatted(logDir)) {
            return false;
        }
        String dir = logDir.toAbsolutePath().toString();
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(KafkaBrokerProperties.NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setControllerListenerName(KafkaBrokerProperties.CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(dir)
                    .addDirectory(dir)
                    .run();
            return true;
        } catch (Exception e) {
            throw new EmbeddedStartException("Could not format Kafka storage in " + dir + ": " + e.getMessage()
                    + ". Use an empty directory, or one that an earlier EmbeddedKafka formatted.", e);
        }
    }
}
