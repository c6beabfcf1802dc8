package io.datasurface.modelservice.streams;

import io.datasurface.kafka.DeadLetters;
import io.datasurface.model.event.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The stream-status table's answer to a record it cannot read: the record goes, as it was, to the dead-letter
 * topic with the system's dead-letter headers ({@link DeadLetters}), and the table goes on with the next record.
 */
public final class DeadLetterHandler implements ProcessingExceptionHandler {
    /** The service named in the dead letters' headers. */
    static final String SERVICE = "model-service-stream-status";
    private static final Logger LOG = Logger.getLogger(DeadLetterHandler.class.getName());

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        String reason = exception instanceof StreamStatusTopology.Unreadable u ? u.getMessage()
                : exception.getClass().getSimpleName() + ": " + exception.getMessage();
        byte[] key = context.sourceRawKey();
        String stream = key == null ? null : new String(key, StandardCharsets.UTF_8);
        LOG.log(Level.WARNING, context.topic() + "-" + context.partition() + " offset " + context.offset() + ": "
                + reason + "; put on " + Topics.DEAD_LETTERS);
        return Response.resume(List.of(new ProducerRecord<>(Topics.DEAD_LETTERS, null, key, context.sourceRawValue(),
                DeadLetters.headers(SERVICE, reason, context.topic(), context.partition(), context.offset(), stream,
                        Clock.systemUTC()))));
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }
}
