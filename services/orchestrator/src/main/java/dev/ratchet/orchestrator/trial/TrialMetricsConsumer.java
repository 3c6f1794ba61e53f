package dev.ratchet.orchestrator.trial;

import dev.ratchet.common.inbox.EventInbox;
import dev.ratchet.contract.events.EventFields;
import dev.ratchet.contract.events.EventType;
import dev.ratchet.contract.events.InvalidEventException;
import dev.ratchet.contract.events.Topics;
import dev.ratchet.events.v1.MetricsLogged;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads every MetricsLogged from {@code ratchet.metrics} and keeps the points of running trials.
 * Idempotent by natural key (study, trial, step) rather than through the processed-event log: most
 * events are of runs that are no trial here, and they should cost one lookup, not a write.
 * An undecodable or invalid event goes to the dead-letter topic; the consumer keeps going.
 */
@ApplicationScoped
public class TrialMetricsConsumer {
    static final String CONSUMER = "orchestrator.metrics";

    @Inject
    EventInbox inbox;

    @Inject
    TrialProgress progress;

    @Inject
    MetricsWatermark watermark;

    @Incoming("metrics")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        try {
            inbox.receiveByNaturalKey(CONSUMER, record, event -> {
                if (event.type() != EventType.METRICS_LOGGED) {
                    throw new InvalidEventException(event.type().ceType() + " does not belong on " + Topics.METRICS);
                }
                MetricsLogged logged = event.dataAs(MetricsLogged.class);
                progress.record(EventFields.uuid(event.type(), "run_id", logged.getRunId()), logged.getPointsList());
            });
        } finally {
            watermark.processed(record); // stored, ignored or dead-lettered: done with either way
        }
    }
}
