package dev.ratchet.common.inbox;

import dev.ratchet.common.RuntimeConfig;
import dev.ratchet.common.database.DatabaseOutages;
import dev.ratchet.common.metrics.EventMetrics;
import dev.ratchet.contract.events.CloudEvent;
import dev.ratchet.contract.events.EventCodec;
import dev.ratchet.contract.events.InvalidEventException;
import dev.ratchet.contract.messages.MessageRules;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The receiving side of every consumer: decodes a record and hands the event to the handler at
 * most once per consumer and {@code ce_id}, recorded in the same transaction as the handler's
 * changes so both commit together. An undecodable or invalid event fails the record, which the
 * channel's failure strategy sends to the dead-letter topic. A database that cannot be reached is
 * not the event's fault: the same record is tried again, with backoff, until the database is back
 * — its offset is not committed meanwhile, and the records behind it wait.
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

    @Inject
    RuntimeConfig config;

    private volatile boolean stopping;

    void onStop(@Observes ShutdownEvent stop) {
        stopping = true;
    }

    /** Handles the event in a transaction of its own, with the processed-event mark. */
    public void receive(String consumer, ConsumerRecord<String, byte[]> record, Consumer<CloudEvent> handler) {
        handle(consumer, record, true, handler);
    }

    /**
     * For a consumer whose changes are idempotent by natural key: the same decoding, dead-lettering,
     * waiting out outages and metrics, but no processed-event row — a consumer that ignores most of
     * a busy topic's events should not write one per event. The handler brings its own transaction.
     */
    public void receiveByNaturalKey(
            String consumer, ConsumerRecord<String, byte[]> record, Consumer<CloudEvent> handler) {
        handle(consumer, record, false, handler);
    }

    private void handle(
            String consumer, ConsumerRecord<String, byte[]> record, boolean logDelivery, Consumer<CloudEvent> handler) {
        CloudEvent event;
        try {
            event = EventCodec.decode(record);
            CloudEvent decoded = event;
            MessageRules.problem(event.data()).ifPresent(problem -> {
                throw new InvalidEventException(decoded.type().ceType() + ": " + problem);
            });
        } catch (InvalidEventException e) {
            reject(consumer, record, "undecodable", e);
            throw e;
        }
        if (event.source().equals(self)) {
            return;
        }
        boolean first = untilDatabaseAnswers(consumer, record, () -> {
            if (!logDelivery) {
                handler.accept(event);
                return true;
            }
            return QuarkusTransaction.requiringNew().call(() -> {
                if (!firstDelivery(consumer, event.id())) {
                    return false;
                }
                handler.accept(event);
                return true;
            });
        });
        if (first) {
            metrics.consumed(consumer, event.type());
        } else {
            metrics.duplicate(consumer, event.type());
        }
    }

    /**
     * Runs the work, and again after a backoff for as long as it fails because the database is
     * unreachable. An invalid event still fails at once (dead-lettered).
     */
    private boolean untilDatabaseAnswers(
            String consumer, ConsumerRecord<String, byte[]> record, java.util.function.BooleanSupplier work) {
        Duration backoff = config.consumer().retryInitial();
        for (int attempt = 1; ; attempt++) {
            try {
                return work.getAsBoolean();
            } catch (InvalidEventException e) {
                reject(consumer, record, "invalid", e);
                throw e;
            } catch (RuntimeException e) {
                if (!DatabaseOutages.isOutage(e)) {
                    throw e;
                }
                if (stopping) {
                    // not dead-lettered: the offset stays uncommitted and the next start reads the record again
                    throw new ConsumerStoppingException(consumer, record, e);
                }
                metrics.waitedForDatabase(consumer);
                LOG.warnf(
                        "%s: the database is unreachable (%s); record %s-%d@%d is tried again in %d ms (attempt %d)",
                        consumer,
                        rootMessage(e),
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        backoff.toMillis(),
                        attempt);
                sleep(backoff, consumer, record, e);
                Duration maxBackoff = config.consumer().retryMax();
                backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
            }
        }
    }

    private void sleep(
            Duration backoff, String consumer, ConsumerRecord<String, byte[]> record, RuntimeException cause) {
        try {
            Thread.sleep(backoff.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new ConsumerStoppingException(consumer, record, cause);
        }
    }

    private boolean firstDelivery(String consumer, String eventId) {
        return entityManager
                        .createNativeQuery("""
                insert into processed_event (consumer, event_id, processed_at) values (?1, ?2, now())
                on conflict do nothing""")
                        .setParameter(1, consumer)
                        .setParameter(2, eventId)
                        .executeUpdate()
                == 1;
    }

    private void reject(String consumer, ConsumerRecord<String, byte[]> record, String reason, Exception e) {
        metrics.deadLettered(consumer, reason);
        LOG.warnf(
                "%s: dead-lettering record %s-%d@%d: %s",
                consumer, record.topic(), record.partition(), record.offset(), e.getMessage());
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
