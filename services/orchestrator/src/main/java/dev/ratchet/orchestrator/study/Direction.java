package dev.ratchet.orchestrator.study;

/** Whether a study's objective is to be minimised or maximised. */
public enum Direction {
    MINIMIZE,
    MAXIMIZE
}
