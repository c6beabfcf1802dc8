package io.datasurface.modelservice.deploy;

import io.datasurface.model.fault.DatasurfaceException;

/**
 * A commit that does not build on the deployed commit: deploying it would undo what was deployed since. Not a
 * fault that retrying fixes, and not a technical failure: the deployment is REJECTED, with this message as its
 * problem, until an operator deploys the commit with {@code allowRollback}.
 */
public final class RollbackRefused extends DatasurfaceException {
    /** The rule code of the problem a refused deployment is listed with. */
    public static final String RULE = "not-forward";

    private final String commit;

    RollbackRefused(String commit, String message) {
        super(message, false);
        this.commit = commit;
    }

    /** The commit that was refused. */
    public String commit() {
        return commit;
    }
}
