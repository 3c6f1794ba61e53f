package dev.ratchet.examples;

import dev.ratchet.events.v1.MetricPoint;
import dev.ratchet.tracking.v1.LogBatchRequest;
import dev.ratchet.tracking.v1.TrackingServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Logs a run's metric points to tracking. A job may start before tracking has read its RunStarted
 * event from Kafka, so NOT_FOUND is retried for a while; a retried batch never duplicates a point.
 */
final class TrackingLog implements AutoCloseable {
    private static final long WAIT_FOR_RUN_MILLIS = 30_000;

    private final ManagedChannel channel;
    private final TrackingServiceGrpc.TrackingServiceBlockingStub tracking;
    private final String runId;

    TrackingLog(String target, String runId) {
        this.channel = ManagedChannelBuilder.forTarget(target).usePlaintext().build();
        this.tracking = TrackingServiceGrpc.newBlockingStub(channel);
        this.runId = runId;
    }

    void log(List<MetricPoint> points) throws InterruptedException {
        LogBatchRequest request = LogBatchRequest.newBuilder().setRunId(runId).addAllMetrics(points).build();
        long deadline = System.currentTimeMillis() + WAIT_FOR_RUN_MILLIS;
        while (true) {
            try {
                tracking.withDeadlineAfter(10, TimeUnit.SECONDS).logBatch(request);
                return;
            } catch (StatusRuntimeException e) {
                boolean retry = e.getStatus().getCode() == Status.Code.NOT_FOUND
                        || e.getStatus().getCode() == Status.Code.UNAVAILABLE;
                if (!retry || System.currentTimeMillis() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdown().awaitTermination(5, TimeUnit.SECONDS);
    }
}
