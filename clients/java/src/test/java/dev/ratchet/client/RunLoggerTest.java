package dev.ratchet.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ratchet.events.v1.MetricContext;
import dev.ratchet.events.v1.MetricPoint;
import dev.ratchet.events.v1.ParamValue;
import dev.ratchet.tracking.v1.LogBatchRequest;
import dev.ratchet.tracking.v1.LogBatchResponse;
import dev.ratchet.tracking.v1.RunStatus;
import dev.ratchet.tracking.v1.TrackingServiceGrpc;
import dev.ratchet.tracking.v1.UpdateRunRequest;
import dev.ratchet.tracking.v1.UpdateRunResponse;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The logger against a gRPC server on loopback that stands in for tracking and fails on purpose:
 * what arrives, in which batches, after which retries.
 */
class RunLoggerTest {
    private final List<LogBatchRequest> batches = new CopyOnWriteArrayList<>();
    private final List<UpdateRunRequest> updates = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile Status.Code failWith = Status.Code.UNAVAILABLE;
    private Server server;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws Exception {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(new TrackingServiceGrpc.TrackingServiceImplBase() {
                    @Override
                    public void logBatch(LogBatchRequest request, StreamObserver<LogBatchResponse> observer) {
                        if (failuresLeft.getAndDecrement() > 0) {
                            observer.onError(failWith.toStatus()
                                    .withDescription("on purpose")
                                    .asRuntimeException());
                            return;
                        }
                        batches.add(request);
                        observer.onNext(LogBatchResponse.newBuilder()
                                .setMetricsStored(request.getMetricsCount())
                                .build());
                        observer.onCompleted();
                    }

                    @Override
                    public void updateRun(UpdateRunRequest request, StreamObserver<UpdateRunResponse> observer) {
                        updates.add(request);
                        observer.onNext(UpdateRunResponse.getDefaultInstance());
                        observer.onCompleted();
                    }
                })
                .build()
                .start();
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.getPort())
                .usePlaintext()
                .build();
    }

    @AfterEach
    void stop() {
        channel.shutdownNow();
        server.shutdownNow();
    }

    private RunLogger logger(Duration interval, int batchSize) {
        return new RunLogger(
                TrackingServiceGrpc.newBlockingStub(channel),
                "run-1",
                interval,
                batchSize,
                new Backoff(Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(10)));
    }

    @Test
    void pointsGoOutInBatchesAndAFailedBatchIsSentAgainUnchanged() {
        failuresLeft.set(2);
        try (RunLogger run = logger(Duration.ofHours(1), 3)) {
            for (int step = 0; step < 7; step++) {
                run.logMetric("loss", 1.0 / (step + 1), step, MetricContext.METRIC_CONTEXT_TRAIN);
            }
            run.finish();
        }
        List<MetricPoint> points = batches.stream()
                .flatMap(b -> b.getMetricsList().stream())
                .filter(p -> !p.getKey().startsWith("system/"))
                .toList();
        assertEquals(7, points.size(), "every point arrives once, after two refused attempts");
        assertEquals(
                List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L),
                points.stream().map(MetricPoint::getStep).toList());
        assertTrue(points.stream().allMatch(p -> p.getTimestamp().getSeconds() > 0), "stamped when logged");
        assertEquals(
                List.of(RunStatus.RUN_STATUS_FINISHED),
                updates.stream().map(UpdateRunRequest::getStatus).toList());
        assertEquals(
                List.of("system/cpu_seconds", "system/max_rss_mib"),
                batches.stream()
                        .flatMap(b -> b.getMetricsList().stream())
                        .map(MetricPoint::getKey)
                        .filter(k -> k.startsWith("system/"))
                        .toList(),
                "the process's resources, once, at the end");
    }

    @Test
    void theBackgroundThreadFlushesWithoutBeingAskedOnTimeOrWhenABatchIsFull() throws Exception {
        try (RunLogger run = logger(Duration.ofMillis(50), 1_000)) {
            run.logMetric("acc", 0.9, 1, MetricContext.METRIC_CONTEXT_VALIDATION);
            awaitBatches(1);
        }
        batches.clear();
        try (RunLogger run = logger(Duration.ofHours(1), 2)) {
            run.logMetric("acc", 0.9, 1, MetricContext.METRIC_CONTEXT_VALIDATION);
            run.logMetric("acc", 0.91, 2, MetricContext.METRIC_CONTEXT_VALIDATION);
            awaitBatches(1);
        }
    }

    @Test
    void systemMetricsAreSampledAsNumberedStepsUntilTheRunEnds() throws Exception {
        try (RunLogger run = logger(Duration.ofMillis(20), 1_000)) {
            run.watchSystem(SystemMetrics.forThisMachine(), Duration.ofMillis(50));
            long deadline = System.currentTimeMillis() + 10_000;
            while (systemSteps("system/memory_rss_mib").size() < 3 && System.currentTimeMillis() < deadline) {
                run.countSamples(64);
                Thread.sleep(10);
            }
            run.finish();
        }
        List<Long> steps = systemSteps("system/memory_rss_mib");
        assertTrue(steps.size() >= 4, steps.toString());
        assertEquals(java.util.stream.LongStream.range(0, steps.size()).boxed().toList(), steps);
        assertTrue(systemSteps("system/samples_per_second").size() >= 3);
        int afterTheEnd = batches.size();
        Thread.sleep(200);
        assertEquals(afterTheEnd, batches.size(), "no sample after the run ended");
    }

    private List<Long> systemSteps(String key) {
        return batches.stream()
                .flatMap(b -> b.getMetricsList().stream())
                .filter(p -> p.getKey().equals(key))
                .map(MetricPoint::getStep)
                .toList();
    }

    private void awaitBatches(int count) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5_000;
        while (batches.size() < count && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(count, batches.size());
    }

    @Test
    void paramsKeepTheirTypes() {
        try (RunLogger run = logger(Duration.ofHours(1), 10)) {
            run.logParams(Map.of("eta", 0.1, "max_depth", 4, "booster", "gbtree", "early_stop", true));
        }
        Map<String, ParamValue> params = batches.get(0).getTypedParamsMap();
        assertEquals(0.1, params.get("eta").getDoubleValue());
        assertEquals(4, params.get("max_depth").getIntValue());
        assertEquals("gbtree", params.get("booster").getStringValue());
        assertTrue(params.get("early_stop").getBoolValue());
    }

    @Test
    void aRefusalThatRetryingCannotFixReachesTheCaller() {
        failuresLeft.set(1);
        failWith = Status.Code.INVALID_ARGUMENT;
        try (RunLogger run = logger(Duration.ofHours(1), 10)) {
            StatusRuntimeException e =
                    assertThrows(StatusRuntimeException.class, () -> run.logParams(Map.of("eta", 0.1)));
            assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        }
    }
}
