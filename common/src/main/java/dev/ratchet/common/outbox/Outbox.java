package dev.ratchet.common.outbox;

import com.google.protobuf.Message;
import dev.ratchet.common.RuntimeConfig;
import dev.ratchet.common.grpc.ApiException;
import dev.ratchet.contract.events.CloudEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Publishes events transactionally: the event is stored in the caller's database transaction, so
 * the change and its event commit together or not at all; {@link OutboxRelay} sends it to Kafka.
 * Every event is bounded here, at the producer: one larger than {@code ratchet.outbox.max-event-bytes}
 * is refused before it is stored, so no event can reach Kafka's limit (1 MiB) and stop the relay.
 */
@ApplicationScoped
public class Outbox {
    private final String source;
    private final Event<OutboxAppended> appended;
    private final int maxEventBytes;

    Outbox(
            @ConfigProperty(name = "quarkus.application.name") String source,
            Event<OutboxAppended> appended,
            RuntimeConfig config) {
        this.source = source;
        this.appended = appended;
        this.maxEventBytes = config.outbox().maxEventBytes();
    }

    /**
     * Stores an event about {@code subject} (a run id: the record key); must run in a transaction.
     *
     * @throws ApiException INVALID_ARGUMENT when the event's data is larger than an event may be
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public CloudEvent publish(String subject, Message data) {
        int size = data.getSerializedSize();
        if (size > maxEventBytes) {
            throw ApiException.invalidArgument(data.getDescriptorForType().getName() + " would be " + size
                    + " bytes; an event holds at most " + maxEventBytes + " (ratchet.outbox.max-event-bytes): "
                    + "send less in one request, or large parts by URI");
        }
        CloudEvent event = CloudEvent.create(source, subject, data);
        OutboxEvent.of(event).persist();
        appended.fire(new OutboxAppended());
        return event;
    }

    /** The largest event data, in bytes, that {@link #publish} accepts. */
    public int maxEventBytes() {
        return maxEventBytes;
    }
}
