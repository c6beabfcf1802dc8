package io.datasurface.model.problem;

/** How bad a model problem is: an ERROR blocks a deployment, a WARNING does not. */
public enum Severity {
    ERROR,
    WARNING
}
