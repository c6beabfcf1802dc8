package io.datasurface.model;

/** Lifecycle of a dataset group's assignment to a data platform. */
public enum AssignmentStatus {
    PROVISIONING,
    PROVISIONED,
    DECOMMISSIONING,
    DECOMMISSIONED;

    /** Whether the platform serves the group in this state (everything but DECOMMISSIONED). */
    public boolean isServed() {
        return this != DECOMMISSIONED;
    }

    /** Whether the group counts as assigned (PROVISIONING or PROVISIONED). */
    public boolean isActive() {
        return this == PROVISIONING || this == PROVISIONED;
    }
}
