package dev.ratchet.examples;

import dev.ratchet.client.Backoff;
import dev.ratchet.events.v1.MetricPoint;
import dev.ratchet.tracking.v1.LogBatchRequest;
import dev.ratchet.tracking.v1.TrackingServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Logs a run's metric points to tracking, with the Java client's retries: a job may start before
 * tracking has read its RunStarted event from Kafka (NOT_FOUND) — for as long as a broker outage
 * lasts — or while tracking restarts (UNAVAILABLE). A retried batch never duplicates a point.
 */
final class TrackingLog implements AutoCloseable {
    private final ManagedChannel channel;
    private final TrackingServiceGrpc.TrackingServiceBlockingStub tracking;
    private final String runId;
    private final Backoff retries = Backoff.standard();

    TrackingLog(String target, String runId) {
        this.channel = ManagedChannelBuilder.forTarget(target).usePlaintext().build();
        this.tracking = TrackingServiceGrpc.newBlockingStub(channel);
        this.runId = runId;
    }

    void log(List<MetricPoint> points) {
        LogBatchRequest request = LogBatchRequest.newBuilder()
                .setRunId(runId)
                .setBatchId(UUID.randomUUID().toString())
                .addAllMetrics(points)
                .build();
        retries.call(() -> tracking.withDeadlineAfter(10, TimeUnit.SECONDS).logBatch(request));
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdown().awaitTermination(5, TimeUnit.SECONDS);
    }
}
