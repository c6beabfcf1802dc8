package io.datasurface.modelservice.intake;

import java.util.Optional;

/** How large a request body may be: a push event or a deployment request is small; anything larger is refused. */
public final class BodyLimit {
    /** The default, 1 MiB: GitHub's push events list at most 20 commits and are far smaller. */
    public static final long DEFAULT = 1L << 20;
    static final String KEY = "datasurface.model-service.max-body-bytes";

    private final long max;

    public BodyLimit(long max) {
        if (max < 1) {
            throw new IllegalArgumentException(KEY + " must be 1 or more, got " + max);
        }
        this.max = max;
    }

    /** 413 with what to do when {@code length} (the body's, or its announced Content-Length) is over the limit. */
    public Optional<Answer> refuse(long length) {
        return length <= max ? Optional.empty() : Optional.of(Answer.error(413, "the body has " + length
                + " bytes, more than the " + max + " a request may have (" + KEY + ")"));
    }
}
