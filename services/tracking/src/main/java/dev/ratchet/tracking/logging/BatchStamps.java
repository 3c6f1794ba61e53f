package dev.ratchet.tracking.logging;

import dev.ratchet.contract.events.Times;
import dev.ratchet.tracking.TrackingConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * The server's time for a batch, by the id its client gave it: the time the batch was first seen,
 * the same on every retry. Points without a timestamp are stamped with it, so their natural key
 * (run, key, context, step, timestamp) is the same on a retry and nothing is stored twice.
 */
@ApplicationScoped
class BatchStamps {
    @Inject
    EntityManager entityManager;

    @Inject
    TrackingConfig config;

    /** The first time this run's batch was seen; now, on its first delivery. In the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    Instant firstSeen(UUID runId, String batchId) {
        entityManager
                .createNativeQuery("""
                insert into logged_batch (run_id, batch_id, first_seen) values (?1, ?2, ?3)
                on conflict do nothing""")
                .setParameter(1, runId)
                .setParameter(2, batchId)
                .setParameter(3, Times.now())
                .executeUpdate();
        Object stamp = entityManager
                .createNativeQuery("select first_seen from logged_batch where run_id = ?1 and batch_id = ?2")
                .setParameter(1, runId)
                .setParameter(2, batchId)
                .getSingleResult();
        return stamp instanceof OffsetDateTime offset ? offset.toInstant() : (Instant) stamp;
    }

    /** A retry comes within minutes; a day later the id is forgotten. */
    @Scheduled(every = "1h", delayed = "1m")
    @Transactional
    void forgetOld() {
        entityManager
                .createNativeQuery("delete from logged_batch where first_seen < ?1")
                .setParameter(1, Instant.now().minus(config.logging().batchIdRetention()))
                .executeUpdate();
    }
}
