package io.datasurface.model.event;

import java.time.Instant;
import java.util.List;

/** The outcome of one reconciliation of a platform's workspace views. */
public record ViewsReconciled(String platform, List<String> created, List<String> updated, List<String> dropped,
                              int unchanged, List<ViewFailure> failed, Instant reconciledAt) implements Event {
    public ViewsReconciled {
        created = List.copyOf(created);
        updated = List.copyOf(updated);
        dropped = List.copyOf(dropped);
        failed = List.copyOf(failed);
    }

    @Override
    public String key() {
        return platform;
    }
}
