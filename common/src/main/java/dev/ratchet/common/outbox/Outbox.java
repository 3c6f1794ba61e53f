package dev.ratchet.common.outbox;

import com.google.protobuf.Message;
import dev.ratchet.common.events.CloudEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Publishes events transactionally: the event is stored in the caller's database transaction, so
 * the change and its event commit together or not at all; {@link OutboxRelay} sends it to Kafka.
 */
@ApplicationScoped
public class Outbox {
    private final String source;
    private final Event<OutboxAppended> appended;

    Outbox(@ConfigProperty(name = "quarkus.application.name") String source, Event<OutboxAppended> appended) {
        this.source = source;
        this.appended = appended;
    }

    /** Stores an event about {@code subject} (a run id: the record key); must run in a transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public CloudEvent publish(String subject, Message data) {
        CloudEvent event = CloudEvent.create(source, subject, data);
        OutboxEvent.of(event).persist();
        appended.fire(new OutboxAppended());
        return event;
    }
}
