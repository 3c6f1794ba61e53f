package dev.ratchet.tracking.metric;

import dev.ratchet.common.inbox.EventInbox;
import dev.ratchet.contract.events.EventFields;
import dev.ratchet.contract.events.EventType;
import dev.ratchet.contract.events.InvalidEventException;
import dev.ratchet.contract.events.Topics;
import dev.ratchet.events.v1.MetricsLogged;
import dev.ratchet.tracking.run.Runs;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Stores metric points from the {@code ratchet.metrics} topic. */
@ApplicationScoped
public class MetricEventsConsumer {
    static final String CONSUMER = "tracking.metrics";

    @Inject
    EventInbox inbox;

    @Inject
    Runs runs;

    @Inject
    MetricStore store;

    @Incoming("metrics")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        inbox.receive(CONSUMER, record, event -> {
            if (event.type() != EventType.METRICS_LOGGED) {
                throw new InvalidEventException(event.type().ceType() + " does not belong on " + Topics.METRICS);
            }
            MetricsLogged logged = event.dataAs(MetricsLogged.class);
            UUID runId = EventFields.uuid(event.type(), "run_id", logged.getRunId());
            MetricBatches.problem(logged.getPointsList()).ifPresent(problem -> {
                throw new InvalidEventException(event.type().ceType() + ": " + problem);
            });
            runs.getOrQueue(runId);
            store.insert(runId, MetricBatches.withTimestamps(logged.getPointsList(), event.time()));
        });
    }
}
