package dev.ratchet.orchestrator.trigger;

import dev.ratchet.common.inbox.EventInbox;
import dev.ratchet.events.v1.DatasetRegistered;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads {@code ratchet.runs} for DatasetRegistered and fires the triggers of its experiment. Once
 * per event (the processed-event log): a redelivered event starts no second study. The topic's
 * other events are not for the orchestrator and are passed over.
 */
@ApplicationScoped
public class DatasetEventsConsumer {
    static final String CONSUMER = "orchestrator.runs";

    @Inject
    EventInbox inbox;

    @Inject
    Triggers triggers;

    @Incoming("runs")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        inbox.receive(CONSUMER, record, event -> {
            if (event.data() instanceof DatasetRegistered dataset) {
                triggers.onEvent(
                        "DATASET_REGISTERED",
                        dataset.getExperimentName(),
                        "dataset " + dataset.getUri() + " (" + dataset.getDigest() + ") registered by run "
                                + dataset.getRunId());
            }
        });
    }
}
