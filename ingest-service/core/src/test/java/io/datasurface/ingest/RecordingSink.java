package io.datasurface.ingest;

import io.datasurface.model.batch.BatchSink;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/** A sink that records, in order, every row, delete and checkpoint a reader writes. */
public final class RecordingSink implements BatchSink {
    /** One call of the sink. {@code values} is null for a checkpoint. */
    public record Event(String kind, String dataset, List<Object> values, String restartPoint) {
    }

    private final List<Event> events = new ArrayList<>();
    private Consumer<Event> onRow = e -> { };

    /** Runs {@code hook} after each row is recorded (to change the source, or break the connection). */
    public RecordingSink onRow(Consumer<Event> hook) {
        this.onRow = hook;
        return this;
    }

    @Override
    public void row(String dataset, Object[] values) {
        Event e = new Event("row", dataset, Arrays.asList(values.clone()), null);
        events.add(e);
        onRow.accept(e);
    }

    @Override
    public void delete(String dataset, Object[] values) {
        events.add(new Event("delete", dataset, Arrays.asList(values.clone()), null));
    }

    @Override
    public void checkpoint(String restartPoint) {
        events.add(new Event("checkpoint", null, null, restartPoint));
    }

    public List<Event> events() {
        return events;
    }

    public List<List<Object>> rows(String dataset) {
        return events.stream().filter(e -> e.kind().equals("row") && e.dataset().equals(dataset))
                .map(Event::values).toList();
    }

    public List<String> checkpoints() {
        return events.stream().filter(e -> e.kind().equals("checkpoint")).map(Event::restartPoint).toList();
    }

    public long deletes() {
        return events.stream().filter(e -> e.kind().equals("delete")).count();
    }
}
