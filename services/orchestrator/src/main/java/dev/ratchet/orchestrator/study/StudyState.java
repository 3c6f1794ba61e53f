package dev.ratchet.orchestrator.study;

/** Where a study is in its lifecycle. */
public enum StudyState {
    CREATED,
    RUNNING,
    FINISHED
}
