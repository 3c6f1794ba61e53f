package dev.ratchet.contract.events;

/**
 * The Kafka topics, one per aggregate. Records are keyed by run id (study id on the studies topic),
 * so an aggregate's events stay in order.
 */
public final class Topics {
    public static final String RUNS = "ratchet.runs";
    public static final String METRICS = "ratchet.metrics";
    public static final String EVALUATIONS = "ratchet.evaluations";
    /** Study and trial events, keyed by study id. */
    public static final String STUDIES = "ratchet.studies";

    private Topics() {}
}
