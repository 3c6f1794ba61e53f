package dev.ratchet.common.outbox;

import dev.ratchet.common.metrics.EventMetrics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Relays committed outbox events to Kafka in commit order and deletes them once Kafka has
 * acknowledged them. It wakes right after each commit that wrote an event, and sweeps every
 * second for anything a crash or a broker outage left behind. A crash between the acknowledgement
 * and the delete sends an event again with the same {@code ce_id}; consumers drop such duplicates.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    @Inject
    OutboxSender sender;

    @Inject
    EntityManager entityManager;

    @Inject
    EventMetrics metrics;

    @Inject
    OutboxRelay self;

    @ConfigProperty(name = "ratchet.outbox.batch-size", defaultValue = "500")
    int batchSize;

    private final ExecutorService waker = Executors.newSingleThreadExecutor(r -> new Thread(r, "outbox-relay"));
    private final AtomicBoolean wanted = new AtomicBoolean();
    private final ReentrantLock draining = new ReentrantLock();
    private volatile boolean running;

    void onCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) OutboxAppended appended) {
        wanted.set(true);
        waker.execute(this::drain);
    }

    @Scheduled(every = "${ratchet.outbox.sweep-interval:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        wanted.set(true);
        drain();
    }

    // After the messaging extension's own start-up observer: the channels are wired by then.
    void onStart(@Observes StartupEvent start) {
        running = true;
        wanted.set(true);
        waker.execute(this::drain);
    }

    void onStop(@Observes ShutdownEvent stop) {
        running = false;
        waker.shutdownNow();
    }

    private void drain() {
        if (!running || !draining.tryLock()) {
            return; // the drain under way sees 'wanted' and goes round again
        }
        try {
            while (wanted.getAndSet(false)) {
                while (self.relayBatch() == batchSize) {
                    // a full batch: more may be waiting
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("Outbox relay failed, the next sweep retries: %s", e.getMessage());
        } finally {
            draining.unlock();
        }
    }

    /** Sends one batch and returns how many events it sent. */
    @Transactional
    public int relayBatch() {
        // One relay per service schema at a time, even with several replicas: keeps commit order.
        boolean leader = (Boolean) entityManager
                .createNativeQuery("select pg_try_advisory_xact_lock(hashtext(current_schema() || '.outbox'))")
                .getSingleResult();
        if (!leader) {
            return 0;
        }
        List<OutboxEvent> batch = OutboxEvent.<OutboxEvent>find("order by sequence").page(0, batchSize).list();
        if (!batch.isEmpty()) {
            Uni.join().all(batch.stream().map(sender::send).toList()).andFailFast()
                    .await().atMost(SEND_TIMEOUT);
            // By id, not by range: a transaction that took a lower sequence may commit later.
            OutboxEvent.delete("sequence in ?1", batch.stream().map(row -> row.sequence).toList());
            batch.forEach(row -> metrics.produced(OutboxSender.type(row)));
        }
        metrics.outboxLag(OutboxEvent.count());
        return batch.size();
    }


}
