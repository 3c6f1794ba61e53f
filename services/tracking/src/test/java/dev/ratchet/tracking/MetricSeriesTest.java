package dev.ratchet.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.Timestamp;
import dev.ratchet.events.v1.MetricContext;
import dev.ratchet.events.v1.MetricPoint;
import dev.ratchet.testing.KafkaBrokerResource;
import dev.ratchet.tracking.v1.CreateExperimentRequest;
import dev.ratchet.tracking.v1.CreateRunRequest;
import dev.ratchet.tracking.v1.LogBatchRequest;
import dev.ratchet.tracking.v1.TrackingServiceGrpc.TrackingServiceBlockingStub;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * A series' summary (latest point, lowest and highest value, count) is kept as points are written:
 * whatever the order, concurrency and retries of the batches, it equals what its points say.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
class MetricSeriesTest {
    @GrpcClient("tracking")
    TrackingServiceBlockingStub tracking;

    @Inject
    EntityManager entityManager;

    @Test
    void concurrentShuffledAndRetriedBatchesLeaveSummariesEqualToThePoints() throws Exception {
        String experimentId = tracking.createExperiment(CreateExperimentRequest.newBuilder()
                        .setName("series-" + UUID.randomUUID())
                        .build())
                .getExperiment()
                .getExperimentId();
        String runId = tracking.createRun(CreateRunRequest.newBuilder()
                        .setExperimentId(experimentId)
                        .build())
                .getRun()
                .getRunId();
        Random random = new Random(7);
        List<MetricPoint> points = new ArrayList<>();
        for (int step = 0; step < 2_000; step++) {
            points.add(point("loss", MetricContext.METRIC_CONTEXT_TRAIN, step, 1_000 + step, random.nextGaussian()));
            points.add(point(
                    "loss", MetricContext.METRIC_CONTEXT_VALIDATION, step / 2, 5_000 - step, random.nextGaussian()));
            points.add(point("lr", MetricContext.METRIC_CONTEXT_UNSPECIFIED, 3_000 - step, 2_000, random.nextDouble()));
        }
        Collections.shuffle(points, random);
        List<LogBatchRequest> batches = new ArrayList<>();
        for (int i = 0; i < points.size(); i += 250) {
            batches.add(LogBatchRequest.newBuilder()
                    .setRunId(runId)
                    .addAllMetrics(points.subList(i, Math.min(points.size(), i + 250)))
                    .build());
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> sent = new ArrayList<>();
        for (LogBatchRequest batch : batches) {
            sent.add(pool.submit(() -> tracking.logBatch(batch)));
            sent.add(pool.submit(() -> tracking.logBatch(batch))); // the client's retry, racing the first
        }
        for (Future<?> f : sent) {
            f.get();
        }
        pool.shutdown();

        assertEquals(recomputed(UUID.fromString(runId)), kept(UUID.fromString(runId)));
        assertEquals(List.of("loss 1 2000", "loss 2 2000", "lr 0 2000"), counts(UUID.fromString(runId)));
    }

    /** What the summaries say, as text. */
    @Transactional
    List<String> kept(UUID runId) {
        return rows("""
                select key || ' ' || context || ' ' || last_step || ' ' || last_timestamp_us || ' ' || last_value
                       || ' ' || min_value || ' ' || max_value || ' ' || point_count
                from metric_series where run_id = ?1 order by key, context""", runId);
    }

    /** The same, from the points. */
    @Transactional
    List<String> recomputed(UUID runId) {
        return rows("""
                select key || ' ' || context || ' ' || (array_agg(step order by step desc, timestamp_us desc))[1]
                       || ' ' || (array_agg(timestamp_us order by step desc, timestamp_us desc))[1]
                       || ' ' || (array_agg(value order by step desc, timestamp_us desc))[1]
                       || ' ' || min(value) || ' ' || max(value) || ' ' || count(*)
                from metric_point where run_id = ?1 group by key, context order by key, context""", runId);
    }

    @Transactional
    List<String> counts(UUID runId) {
        return rows(
                "select key || ' ' || context || ' ' || point_count from metric_series where run_id = ?1 "
                        + "order by key, context",
                runId);
    }

    @SuppressWarnings("unchecked")
    private List<String> rows(String sql, UUID runId) {
        return entityManager.createNativeQuery(sql).setParameter(1, runId).getResultList();
    }

    private static MetricPoint point(String key, MetricContext context, long step, long seconds, double value) {
        return MetricPoint.newBuilder()
                .setKey(key)
                .setContext(context)
                .setStep(step)
                .setValue(value)
                .setTimestamp(Timestamp.newBuilder().setSeconds(1_700_000_000L + seconds))
                .build();
    }
}
