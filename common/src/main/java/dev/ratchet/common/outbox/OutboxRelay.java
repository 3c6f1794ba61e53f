package dev.ratchet.common.outbox;

import dev.ratchet.common.RuntimeConfig;
import dev.ratchet.common.metrics.EventMetrics;
import dev.ratchet.contract.events.Times;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
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

    @Inject
    RuntimeConfig config;

    private final ExecutorService waker = Executors.newSingleThreadExecutor(r -> new Thread(r, "outbox-relay"));
    private final AtomicBoolean wanted = new AtomicBoolean();
    private final ReentrantLock draining = new ReentrantLock();
    private volatile boolean running;

    void onCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) OutboxAppended appended) {
        wanted.set(true);
        waker.execute(this::drain);
    }

    @Scheduled(every = "${ratchet.outbox.sweep-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
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
                Pass pass;
                do {
                    pass = self.relayBatch();
                } while (pass.full(config.outbox().batchSize())
                        && pass.failed() == 0); // a full batch: more may be waiting
            }
        } catch (RuntimeException e) {
            LOG.warnf("Outbox relay failed, the next sweep retries: %s", e.getMessage());
        } finally {
            draining.unlock();
        }
    }

    /** What one batch came to: sent and acknowledged, parked (refused for good), failed for now. */
    public record Pass(int delivered, int parked, int failed) {
        static final Pass NONE = new Pass(0, 0, 0);

        boolean full(int batchSize) {
            return delivered + parked + failed == batchSize;
        }
    }

    /**
     * Sends one batch of waiting events in sequence order. Each row's outcome is its own: an
     * acknowledged event is deleted, one Kafka refuses for good (too large, say) is parked with the
     * reason and no longer holds up the rest, one that failed for now (the broker is away) waits
     * for the next sweep.
     */
    @Transactional
    public Pass relayBatch() {
        // One relay per service schema at a time, even with several replicas: keeps commit order.
        boolean leader = (Boolean) entityManager
                .createNativeQuery("select pg_try_advisory_xact_lock(hashtext(current_schema() || '.outbox'))")
                .getSingleResult();
        if (!leader) {
            return Pass.NONE;
        }
        List<OutboxEvent> batch = OutboxEvent.<OutboxEvent>find("parkedAt is null order by sequence")
                .page(0, config.outbox().batchSize())
                .list();
        metrics.outboxLag(OutboxEvent.count("parkedAt is null"));
        if (batch.isEmpty()) {
            metrics.outboxParked(OutboxEvent.count("parkedAt is not null"));
            return Pass.NONE;
        }
        List<Optional<Throwable>> outcomes = Uni.join()
                .all(batch.stream()
                        .map(row -> sender.send(row)
                                .map(sent -> Optional.<Throwable>empty())
                                .onFailure()
                                .recoverWithItem(Optional::of))
                        .toList())
                .andFailFast()
                .await()
                .atMost(SEND_TIMEOUT);
        List<Long> delivered = new ArrayList<>();
        int parked = 0;
        int failed = 0;
        for (int i = 0; i < batch.size(); i++) {
            OutboxEvent row = batch.get(i);
            Optional<Throwable> failure = outcomes.get(i);
            if (failure.isEmpty()) {
                delivered.add(row.sequence);
                metrics.produced(OutboxSender.type(row));
            } else if (KafkaRefusals.isPermanent(failure.get())) {
                row.parkedAt = Times.now();
                row.parkReason = KafkaRefusals.describe(failure.get());
                parked++;
                LOG.errorf(
                        "Outbox event %d (%s, key %s, %d bytes) parked: Kafka refused it for good: %s; "
                                + "later events go on (ratchet outbox retry|drop)",
                        row.sequence, row.ceType, row.recordKey, row.payload.length, row.parkReason);
            } else {
                failed++;
                LOG.debugf(
                        "Outbox event %d not sent yet: %s",
                        row.sequence, failure.get().getMessage());
            }
        }
        if (!delivered.isEmpty()) {
            // By id, not by range: a transaction that took a lower sequence may commit later.
            OutboxEvent.delete("sequence in ?1", delivered);
        }
        if (failed > 0) {
            LOG.warnf(
                    "Outbox relay: %d of %d events not sent yet (%s); the next sweep retries",
                    failed,
                    batch.size(),
                    outcomes.stream()
                            .flatMap(Optional::stream)
                            .findFirst()
                            .map(Throwable::getMessage)
                            .orElse(""));
        }
        metrics.outboxLag(OutboxEvent.count("parkedAt is null"));
        metrics.outboxParked(OutboxEvent.count("parkedAt is not null"));
        return new Pass(delivered.size(), parked, failed);
    }
}
