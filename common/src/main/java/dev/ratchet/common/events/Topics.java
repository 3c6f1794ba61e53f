package dev.ratchet.common.events;

/** The Kafka topics, one per aggregate. Records are keyed by run id, so a run's events stay in order. */
public final class Topics {
    public static final String RUNS = "ratchet.runs";
    public static final String METRICS = "ratchet.metrics";
    public static final String EVALUATIONS = "ratchet.evaluations";

    private Topics() {
    }
}
