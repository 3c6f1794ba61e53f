package dev.ratchet.tracking.run;

/** The three approaches worth trying on a problem. */
public enum Approach {
    SIMPLE,
    POPULAR,
    CREATIVE
}
