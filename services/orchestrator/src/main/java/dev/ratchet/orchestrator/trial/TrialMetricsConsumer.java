package dev.ratchet.orchestrator.trial;

import dev.ratchet.common.events.CloudEvent;
import dev.ratchet.common.events.EventCodec;
import dev.ratchet.common.events.EventFields;
import dev.ratchet.common.events.EventType;
import dev.ratchet.common.events.InvalidEventException;
import dev.ratchet.common.events.Topics;
import dev.ratchet.common.metrics.EventMetrics;
import dev.ratchet.events.v1.MetricsLogged;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads every MetricsLogged from {@code ratchet.metrics} and keeps the points of running trials.
 * Idempotent by natural key (study, trial, step) rather than through the processed-event log: most
 * events are of runs that are no trial here, and they should cost one lookup, not a write.
 * An undecodable or invalid event goes to the dead-letter topic; the consumer keeps going.
 */
@ApplicationScoped
public class TrialMetricsConsumer {
    private static final Logger LOG = Logger.getLogger(TrialMetricsConsumer.class);

    static final String CONSUMER = "orchestrator.metrics";

    @Inject
    TrialProgress progress;

    @Inject
    EventMetrics metrics;

    @Inject
    MetricsWatermark watermark;

    @Incoming("metrics")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        try {
            handle(record);
        } finally {
            watermark.processed(record); // stored, ignored or dead-lettered: done with either way
        }
    }

    private void handle(ConsumerRecord<String, byte[]> record) {
        CloudEvent event;
        MetricsLogged logged;
        UUID runId;
        try {
            event = EventCodec.decode(record.headers(), record.value());
            if (event.type() != EventType.METRICS_LOGGED) {
                throw new InvalidEventException(event.type().ceType() + " does not belong on " + Topics.METRICS);
            }
            logged = event.dataAs(MetricsLogged.class);
            runId = EventFields.uuid(event.type(), "run_id", logged.getRunId());
        } catch (InvalidEventException e) {
            metrics.deadLettered(CONSUMER, "invalid");
            LOG.warnf(CONSUMER + ": dead-lettering record %s-%d@%d: %s", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            throw e;
        }
        progress.record(runId, logged.getPointsList());
        metrics.consumed(CONSUMER, event.type());
    }
}
