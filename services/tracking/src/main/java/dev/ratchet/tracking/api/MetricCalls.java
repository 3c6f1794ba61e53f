package dev.ratchet.tracking.api;

import dev.ratchet.common.grpc.ApiException;
import dev.ratchet.common.grpc.GrpcCalls;
import dev.ratchet.common.grpc.Requests;
import dev.ratchet.events.v1.MetricContext;
import dev.ratchet.tracking.logging.BatchLogger;
import dev.ratchet.tracking.metric.MetricBatches;
import dev.ratchet.tracking.metric.MetricStore;
import dev.ratchet.tracking.run.Runs;
import dev.ratchet.tracking.v1.GetMetricHistoryRequest;
import dev.ratchet.tracking.v1.GetMetricHistoryResponse;
import dev.ratchet.tracking.v1.LogBatchRequest;
import dev.ratchet.tracking.v1.LogBatchResponse;
import dev.ratchet.tracking.v1.LogStreamResponse;
import io.grpc.stub.StreamObserver;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;

/**
 * Metric points, params and tags in batches (one call or a stream), and metric histories. The gRPC
 * face routes their calls here: requests checked, the work delegated, results mapped.
 */
@ApplicationScoped
class MetricCalls {
    @Inject
    BatchLogger batches;

    @Inject
    Runs runs;

    @Inject
    MetricStore metrics;

    LogBatchResponse logBatch(LogBatchRequest request) {
        return LogBatchResponse.newBuilder().setMetricsStored(log(request)).build();
    }

    /** Stores one batch; returns how many points were new. */
    private int log(LogBatchRequest request) {
        return batches.log(
                Requests.uuid("run_id", request.getRunId()),
                BatchLogger.Batch.of(
                        request.getMetricsList(),
                        request.getParamsMap(),
                        request.getTypedParamsMap(),
                        request.getTagsMap(),
                        request.getBatchId()));
    }

    StreamObserver<LogBatchRequest> logStream(StreamObserver<LogStreamResponse> observer) {
        return new StreamObserver<>() {
            private int batchCount;
            private long stored;
            private boolean failed;

            @Override
            public void onNext(LogBatchRequest request) {
                if (failed) {
                    return;
                }
                try {
                    stored += log(request);
                    batchCount++;
                } catch (RuntimeException e) {
                    failed = true;
                    observer.onError(GrpcCalls.toStatus(e)
                            .augmentDescription("in batch " + (batchCount + 1) + " of the stream; the " + batchCount
                                    + " before it are stored")
                            .asRuntimeException());
                }
            }

            @Override
            public void onError(Throwable t) {
                // the client gave up; what arrived is stored
            }

            @Override
            public void onCompleted() {
                if (!failed) {
                    observer.onNext(LogStreamResponse.newBuilder()
                            .setBatches(batchCount)
                            .setMetricsStored(stored)
                            .build());
                    observer.onCompleted();
                }
            }
        };
    }

    GetMetricHistoryResponse getMetricHistory(GetMetricHistoryRequest request) {
        UUID runId = runs.get(Requests.uuid("run_id", request.getRunId())).id;
        String key = Requests.text("key", request.getKey(), MetricBatches.MAX_KEY_LENGTH);
        if (request.getContext() == MetricContext.UNRECOGNIZED) {
            throw ApiException.invalidArgument("context " + request.getContextValue() + " is not a known context");
        }
        int maxPoints = request.getMaxPoints() == 0 ? MetricStore.DEFAULT_MAX_POINTS : request.getMaxPoints();
        if (maxPoints < MetricStore.MIN_POINTS || maxPoints > MetricStore.MAX_POINTS) {
            throw ApiException.invalidArgument("max_points must be " + MetricStore.MIN_POINTS + " to "
                    + MetricStore.MAX_POINTS + " (0: " + MetricStore.DEFAULT_MAX_POINTS + ")");
        }
        long firstStep = request.hasFirstStep() ? request.getFirstStep() : Long.MIN_VALUE;
        long lastStep = request.hasLastStep() ? request.getLastStep() : Long.MAX_VALUE;
        if (firstStep > lastStep) {
            throw ApiException.invalidArgument("first_step " + firstStep + " is after last_step " + lastStep
                    + "; give the range lowest step first");
        }
        MetricStore.History history = metrics.history(runId, key, request.getContext(), maxPoints, firstStep, lastStep);
        return GetMetricHistoryResponse.newBuilder()
                .addAllPoints(history.points())
                .setDownsampled(history.downsampled())
                .setTotalPoints(history.totalPoints())
                .build();
    }
}
