package dev.ratchet.common.inbox;

import dev.ratchet.common.events.CloudEvent;
import dev.ratchet.common.events.EventCodec;
import dev.ratchet.common.events.InvalidEventException;
import dev.ratchet.common.metrics.EventMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The receiving side of every consumer: decodes a record and hands the event to the handler at
 * most once per consumer and {@code ce_id}, recorded in the consumer's own transaction so the
 * handler's changes and the "processed" mark commit together. Anything it or the handler throws
 * fails the record, which the channel's failure strategy sends to the dead-letter topic.
 */
@ApplicationScoped
public class EventInbox {
    private static final Logger LOG = Logger.getLogger(EventInbox.class);

    @Inject
    EntityManager entityManager;

    @Inject
    EventMetrics metrics;

    @ConfigProperty(name = "quarkus.application.name")
    String self;

    @Transactional(Transactional.TxType.MANDATORY)
    public void receive(String consumer, ConsumerRecord<String, byte[]> record, Consumer<CloudEvent> handler) {
        handle(consumer, record, true, handler);
    }

    /**
     * For a consumer whose changes are idempotent by natural key: the same decoding, dead-lettering
     * and metrics, but no processed-event row — a consumer that ignores most of a busy topic's
     * events should not write one per event. The handler brings its own transaction.
     */
    public void receiveByNaturalKey(String consumer, ConsumerRecord<String, byte[]> record,
            Consumer<CloudEvent> handler) {
        handle(consumer, record, false, handler);
    }

    private void handle(String consumer, ConsumerRecord<String, byte[]> record, boolean logDelivery,
            Consumer<CloudEvent> handler) {
        CloudEvent event;
        try {
            event = EventCodec.decode(record);
        } catch (InvalidEventException e) {
            reject(consumer, record, "undecodable", e);
            throw e;
        }
        if (event.source().equals(self)) {
            return;
        }
        if (logDelivery && !firstDelivery(consumer, event.id())) {
            metrics.duplicate(consumer, event.type());
            return;
        }
        try {
            handler.accept(event);
        } catch (InvalidEventException e) {
            reject(consumer, record, "invalid", e);
            throw e;
        }
        metrics.consumed(consumer, event.type());
    }

    private boolean firstDelivery(String consumer, String eventId) {
        return entityManager.createNativeQuery("""
                insert into processed_event (consumer, event_id, processed_at) values (?1, ?2, now())
                on conflict do nothing""")
                .setParameter(1, consumer)
                .setParameter(2, eventId)
                .executeUpdate() == 1;
    }

    private void reject(String consumer, ConsumerRecord<String, byte[]> record, String reason, Exception e) {
        metrics.deadLettered(consumer, reason);
        LOG.warnf("%s: dead-lettering record %s-%d@%d: %s", consumer, record.topic(), record.partition(),
                record.offset(), e.getMessage());
    }
}
