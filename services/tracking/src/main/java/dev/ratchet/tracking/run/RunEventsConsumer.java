package dev.ratchet.tracking.run;

import dev.ratchet.common.inbox.EventInbox;
import dev.ratchet.contract.events.InvalidEventException;
import dev.ratchet.contract.events.Topics;
import dev.ratchet.events.v1.RunFinished;
import dev.ratchet.events.v1.RunStarted;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Records runs from the {@code ratchet.runs} topic. */
@ApplicationScoped
public class RunEventsConsumer {
    static final String CONSUMER = "tracking.runs";

    @Inject
    EventInbox inbox;

    @Inject
    Runs runs;

    @Incoming("runs")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        inbox.receive(CONSUMER, record, event -> {
            switch (event.type()) {
                case RUN_STARTED -> runs.started(event.dataAs(RunStarted.class));
                case RUN_FINISHED -> runs.finished(event.dataAs(RunFinished.class));
                case BASELINE_PROMOTED, IDEA_EXPIRED, DATASET_REGISTERED -> {
                    // announcements for other consumers; tracking records baselines and ideas itself
                }
                default ->
                    throw new InvalidEventException(event.type().ceType() + " does not belong on " + Topics.RUNS);
            }
        });
    }
}
