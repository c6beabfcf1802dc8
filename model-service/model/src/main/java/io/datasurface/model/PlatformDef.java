package io.datasurface.model;

import io.datasurface.model.problem.Location;

/**
 * A data platform instance declared by the ecosystem: a pipeline engine ({@code kind}, only
 * {@code yellow} so far) that keeps history as {@code milestoning} says in the container named
 * {@code mergeStore}, logging in with the credential named {@code credential}.
 */
public record PlatformDef(String name, String kind, Milestoning milestoning, String mergeStore, String credential,
                          Location at) {
    public static final String YELLOW = "yellow";
}
