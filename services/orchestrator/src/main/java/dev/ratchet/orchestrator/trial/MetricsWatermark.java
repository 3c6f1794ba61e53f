package dev.ratchet.orchestrator.trial;

import dev.ratchet.orchestrator.OrchestratorConfig;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import io.quarkus.scheduler.Scheduled;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far the metrics consumer has got. A trial's job exits before its last points have travelled
 * through tracking and Kafka; the trial may only be valued once every MetricsLogged in the topic
 * at that moment has been processed here — after a restart or a rebalance that can take a while,
 * and waiting for it is what keeps a trial from being valued on half its curve.
 *
 * <p>After the broker was unreachable, "caught up" is not enough for a while: the points a job
 * logged through tracking meanwhile wait in tracking's outbox until its relay reaches the broker
 * again, so the topic looks complete before it is. A broker outage seen here (a check that fails)
 * holds every valuation until the checks have succeeded for {@code ratchet.orchestrator.broker-recovery-settle}.
 * The check also runs every two seconds on its own, so that a short outage is not missed.
 */
@ApplicationScoped
public class MetricsWatermark {
    static final String CHANNEL = "metrics";
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(3);

    @Inject
    KafkaClientService kafka;

    @Inject
    OrchestratorConfig config;

    private final Map<TopicPartition, Long> processed = new ConcurrentHashMap<>();
    private volatile Instant lastUnreachable;

    void processed(ConsumerRecord<?, ?> record) {
        processed.merge(new TopicPartition(record.topic(), record.partition()), record.offset(), Math::max);
    }

    /**
     * Whether every record now in the metrics topic's partitions has been processed (or committed),
     * and the broker has answered without a break for the recovery settle.
     */
    public boolean caughtUp() {
        boolean caughtUp;
        try {
            caughtUp = check();
        } catch (RuntimeException e) {
            lastUnreachable = Instant.now();
            return false;
        }
        Instant outage = lastUnreachable;
        return caughtUp && (outage == null || Instant.now().isAfter(outage.plus(config.brokerRecoverySettle())));
    }

    @Scheduled(every = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void watchBroker() {
        caughtUp();
    }

    private boolean check() {
        KafkaConsumer<String, byte[]> consumer = kafka.getConsumer(CHANNEL);
        if (consumer == null) {
            return false;
        }
        Boolean caughtUp = consumer.runOnPollingThread(c -> {
            Set<TopicPartition> assigned = c.assignment();
            if (assigned.isEmpty()) {
                return false; // joining the group, or rebalancing
            }
            Map<TopicPartition, Long> end = c.endOffsets(assigned, CHECK_TIMEOUT);
            Map<TopicPartition, OffsetAndMetadata> committed = c.committed(assigned, CHECK_TIMEOUT);
            return assigned.stream().allMatch(p -> {
                long done = processed.getOrDefault(p, -1L) + 1;
                OffsetAndMetadata commit = committed.get(p);
                return Math.max(done, commit == null ? 0 : commit.offset()) >= end.getOrDefault(p, 0L);
            });
        }).await().atMost(CHECK_TIMEOUT.multipliedBy(3));
        return Boolean.TRUE.equals(caughtUp);
    }
}
