package dev.ratchet.tracking.run;

/** Where a run is in its lifecycle. */
public enum RunStatus {
    /** Known only from events that overtook its RunStarted. */
    QUEUED,
    RUNNING,
    FINISHED,
    FAILED,
    KILLED;

    public boolean ended() {
        return this == FINISHED || this == FAILED || this == KILLED;
    }
}
