package dev.ratchet.orchestrator.trial;

import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far the metrics consumer has got. A trial's job exits before its last points have travelled
 * through Kafka; the trial may only be valued once every MetricsLogged in the topic at that moment
 * has been processed here — after a restart or a rebalance that can take a while, and waiting for
 * it is what keeps a trial from being valued on half its curve. Points still in tracking's outbox
 * (after a broker outage) are not in the topic yet: {@link TrackedObjective} covers those.
 */
@ApplicationScoped
public class MetricsWatermark {
    static final String CHANNEL = "metrics";
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(3);

    @Inject
    KafkaClientService kafka;

    private final Map<TopicPartition, Long> processed = new ConcurrentHashMap<>();

    void processed(ConsumerRecord<?, ?> record) {
        processed.merge(new TopicPartition(record.topic(), record.partition()), record.offset(), Math::max);
    }

    /** Whether every record now in the metrics topic's partitions has been processed (or committed). */
    public boolean caughtUp() {
        try {
            return check();
        } catch (RuntimeException e) {
            return false; // the broker does not answer
        }
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
                })
                .await()
                .atMost(CHECK_TIMEOUT.multipliedBy(3));
        return Boolean.TRUE.equals(caughtUp);
    }
}
