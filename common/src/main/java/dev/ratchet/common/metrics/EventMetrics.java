package dev.ratchet.common.metrics;

import dev.ratchet.contract.events.EventType;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicLong;

/** The names of the event metrics every service exposes, and the one place that records them. */
@ApplicationScoped
public class EventMetrics {
    public static final String PRODUCED = "ratchet.events.produced";
    public static final String CONSUMED = "ratchet.events.consumed";
    public static final String DUPLICATES = "ratchet.events.duplicates";
    public static final String DEAD_LETTERED = "ratchet.events.dead.lettered";
    public static final String OUTBOX_LAG = "ratchet.outbox.lag";
    public static final String OUTBOX_PARKED = "ratchet.outbox.parked";
    public static final String DATABASE_WAITS = "ratchet.events.database.waits";

    private final MeterRegistry registry;
    private final AtomicLong outboxLag = new AtomicLong();
    private final AtomicLong outboxParked = new AtomicLong();

    EventMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge(OUTBOX_LAG, outboxLag);
        registry.gauge(OUTBOX_PARKED, outboxParked);
    }

    public void produced(EventType type) {
        registry.counter(PRODUCED, "type", type.ceType()).increment();
    }

    public void consumed(String consumer, EventType type) {
        registry.counter(CONSUMED, "consumer", consumer, "type", type.ceType()).increment();
    }

    public void duplicate(String consumer, EventType type) {
        registry.counter(DUPLICATES, "consumer", consumer, "type", type.ceType())
                .increment();
    }

    public void deadLettered(String consumer, String reason) {
        registry.counter(DEAD_LETTERED, "consumer", consumer, "reason", reason).increment();
    }

    /** A consumer found the database unreachable and will try the same record again. */
    public void waitedForDatabase(String consumer) {
        registry.counter(DATABASE_WAITS, "consumer", consumer).increment();
    }

    /** Events written to the outbox and not yet acknowledged by Kafka (parked ones apart). */
    public void outboxLag(long waiting) {
        outboxLag.set(waiting);
    }

    /** Events Kafka refused for good, set aside until an operator retries or drops them. */
    public void outboxParked(long parked) {
        outboxParked.set(parked);
    }
}
