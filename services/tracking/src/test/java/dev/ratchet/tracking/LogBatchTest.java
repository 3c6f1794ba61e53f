package dev.ratchet.tracking;

import static dev.ratchet.testing.GrpcAssertions.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Timestamp;
import dev.ratchet.contract.events.EventCodec;
import dev.ratchet.contract.events.Topics;
import dev.ratchet.events.v1.MetricContext;
import dev.ratchet.events.v1.MetricPoint;
import dev.ratchet.events.v1.MetricsLogged;
import dev.ratchet.events.v1.ParamValue;
import dev.ratchet.testing.KafkaBrokerResource;
import dev.ratchet.testing.KafkaRecords;
import dev.ratchet.testing.LocalKafka;
import dev.ratchet.tracking.v1.CreateExperimentRequest;
import dev.ratchet.tracking.v1.CreateRunRequest;
import dev.ratchet.tracking.v1.GetMetricHistoryRequest;
import dev.ratchet.tracking.v1.GetRunRequest;
import dev.ratchet.tracking.v1.LogBatchRequest;
import dev.ratchet.tracking.v1.LogStreamResponse;
import dev.ratchet.tracking.v1.Run;
import dev.ratchet.tracking.v1.TrackingServiceGrpc;
import dev.ratchet.tracking.v1.TrackingServiceGrpc.TrackingServiceBlockingStub;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
class LogBatchTest {

    @GrpcClient("tracking")
    TrackingServiceBlockingStub tracking;

    @GrpcClient("tracking")
    Channel channel;

    @Test
    void storesMetricsParamsAndTagsAndARetryChangesNothing() {
        String runId = newRun();
        LogBatchRequest batch = LogBatchRequest.newBuilder()
                .setRunId(runId)
                .addMetrics(point("loss", 0, 0.9))
                .addMetrics(point("loss", 1, 0.7))
                .addMetrics(point("loss", 2, Double.POSITIVE_INFINITY))
                .putParams("lr", "0.1")
                .putParams("max_depth", "6")
                .putTags("approach", "popular")
                .build();
        assertEquals(3, tracking.logBatch(batch).getMetricsStored());
        assertEquals(0, tracking.logBatch(batch).getMetricsStored(), "a retried batch stores nothing");

        Run run = tracking.getRun(GetRunRequest.newBuilder().setRunId(runId).build())
                .getRun();
        assertEquals(Map.of("lr", "0.1", "max_depth", "6"), run.getParamsMap());
        assertEquals(Map.of("approach", "popular"), run.getTagsMap());
        assertEquals(3, run.getMetrics(0).getPointCount());
        assertEquals(Double.POSITIVE_INFINITY, run.getMetrics(0).getLastValue());

        tracking.logBatch(LogBatchRequest.newBuilder()
                .setRunId(runId)
                .putTags("approach", "creative")
                .build());
        assertEquals(
                "creative",
                tracking.getRun(GetRunRequest.newBuilder().setRunId(runId).build())
                        .getRun()
                        .getTagsOrThrow("approach"),
                "tags are overwritten");

        KafkaRecords.await(
                LocalKafka.bootstrapServers(), Topics.METRICS, r -> runId.equals(r.key()), Duration.ofSeconds(30));
        List<ConsumerRecord<String, byte[]>> events =
                KafkaRecords.readToEnd(LocalKafka.bootstrapServers(), Topics.METRICS, r -> runId.equals(r.key()));
        assertEquals(1, events.size(), "one MetricsLogged for the new points, none for the retry");
        MetricsLogged logged = EventCodec.decode(
                        events.get(0).headers(), events.get(0).value())
                .dataAs(MetricsLogged.class);
        assertEquals(batch.getMetricsList(), logged.getPointsList());
    }

    @Test
    void aRetriedBatchOfPointsWithoutTimestampsIsStoredOnceWhenItCarriesAnId() throws InterruptedException {
        String runId = newRun();
        LogBatchRequest unstamped = LogBatchRequest.newBuilder()
                .setRunId(runId)
                .setBatchId(UUID.randomUUID().toString())
                .addMetrics(MetricPoint.newBuilder().setKey("loss").setStep(0).setValue(0.9))
                .addMetrics(MetricPoint.newBuilder().setKey("loss").setStep(1).setValue(0.7))
                .build();
        assertEquals(2, tracking.logBatch(unstamped).getMetricsStored());
        Thread.sleep(5); // the server's clock moves on: without the id, the retry's points would be new
        assertEquals(0, tracking.logBatch(unstamped).getMetricsStored(), "the retry stores nothing");
        assertEquals(
                2,
                tracking.getRun(GetRunRequest.newBuilder().setRunId(runId).build())
                        .getRun()
                        .getMetrics(0)
                        .getPointCount());

        // without an id, a retry of unstamped points is two batches: the old behaviour, kept for old clients
        LogBatchRequest anonymous = unstamped.toBuilder().clearBatchId().build();
        assertEquals(2, tracking.logBatch(anonymous).getMetricsStored());
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "batch_id has 101 characters; at most 100",
                () -> tracking.logBatch(
                        unstamped.toBuilder().setBatchId("b".repeat(101)).build()));
    }

    @Test
    void aStreamStoresEachBatchAsItArrivesAndStopsAtTheFirstBadOne() throws Exception {
        String runId = newRun();
        LogStreamResponse done = stream(IntStream.range(0, 20)
                        .mapToObj(batch -> LogBatchRequest.newBuilder()
                                .setRunId(runId)
                                .addAllMetrics(IntStream.range(0, 50)
                                        .mapToObj(i -> point("loss", batch * 50L + i, 1.0 / (batch * 50 + i + 1)))
                                        .toList())
                                .build())
                        .toList())
                .get(30, TimeUnit.SECONDS);
        assertEquals(20, done.getBatches());
        assertEquals(1_000, done.getMetricsStored());

        ExecutionException failed = assertThrows(
                ExecutionException.class,
                () -> stream(List.of(
                                LogBatchRequest.newBuilder()
                                        .setRunId(runId)
                                        .addMetrics(point("acc", 0, 0.5))
                                        .build(),
                                LogBatchRequest.newBuilder()
                                        .setRunId(runId)
                                        .addMetrics(point("acc", -1, 0.5))
                                        .build()))
                        .get(30, TimeUnit.SECONDS));
        Status status = Status.fromThrowable(failed.getCause());
        assertEquals(Status.Code.INVALID_ARGUMENT, status.getCode());
        assertTrue(
                status.getDescription().contains("in batch 2 of the stream; the 1 before it are stored"),
                status.getDescription());
        assertEquals(
                1,
                tracking.getMetricHistory(GetMetricHistoryRequest.newBuilder()
                                .setRunId(runId)
                                .setKey("acc")
                                .build())
                        .getTotalPoints());
    }

    private CompletableFuture<LogStreamResponse> stream(List<LogBatchRequest> batches) {
        CompletableFuture<LogStreamResponse> result = new CompletableFuture<>();
        StreamObserver<LogBatchRequest> requests = TrackingServiceGrpc.newStub(channel)
                .logStream(new StreamObserver<>() {
                    @Override
                    public void onNext(LogStreamResponse response) {
                        result.complete(response);
                    }

                    @Override
                    public void onError(Throwable t) {
                        result.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {}
                });
        batches.forEach(requests::onNext);
        requests.onCompleted();
        return result;
    }

    @Test
    void aParamCannotChangeAndAFailedBatchStoresNothing() {
        String runId = newRun();
        tracking.logBatch(LogBatchRequest.newBuilder()
                .setRunId(runId)
                .putParams("lr", "0.1")
                .build());
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "param 'lr' was logged as '0.1' and cannot change to '0.2'",
                () -> tracking.logBatch(LogBatchRequest.newBuilder()
                        .setRunId(runId)
                        .addMetrics(point("loss", 0, 0.5))
                        .putParams("lr", "0.2")
                        .build()));
        assertEquals(
                0,
                tracking.getMetricHistory(GetMetricHistoryRequest.newBuilder()
                                .setRunId(runId)
                                .setKey("loss")
                                .build())
                        .getTotalPoints(),
                "the batch's points were not stored");
    }

    @Test
    void typedParamsKeepTheirTypesAndAreWriteOnceByTypeToo() {
        String runId = newRun();
        LogBatchRequest typed = LogBatchRequest.newBuilder()
                .setRunId(runId)
                .putTypedParams(
                        "lr", ParamValue.newBuilder().setDoubleValue(0.001).build())
                .putTypedParams("depth", ParamValue.newBuilder().setIntValue(6).build())
                .putTypedParams(
                        "use_bn", ParamValue.newBuilder().setBoolValue(true).build())
                .putTypedParams(
                        "optimizer",
                        ParamValue.newBuilder().setStringValue("adam").build())
                .putParams("model", "mlp")
                .build();
        tracking.logBatch(typed);
        tracking.logBatch(typed); // a retry
        Run run = tracking.getRun(GetRunRequest.newBuilder().setRunId(runId).build())
                .getRun();
        assertEquals(
                Map.of("lr", "0.001", "depth", "6", "use_bn", "true", "optimizer", "adam", "model", "mlp"),
                run.getParamsMap());
        assertEquals(0.001, run.getTypedParamsOrThrow("lr").getDoubleValue());
        assertEquals(6, run.getTypedParamsOrThrow("depth").getIntValue());
        assertTrue(run.getTypedParamsOrThrow("use_bn").getBoolValue());
        assertEquals("mlp", run.getTypedParamsOrThrow("model").getStringValue(), "a text param is a string");

        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "param 'depth' was logged as 6 (int) and cannot change to '6'",
                () -> tracking.logBatch(LogBatchRequest.newBuilder()
                        .setRunId(runId)
                        .putParams("depth", "6")
                        .build()));
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "param 'lr' is in both params and typed_params",
                () -> tracking.logBatch(LogBatchRequest.newBuilder()
                        .setRunId(runId)
                        .putParams("lr", "0.001")
                        .putTypedParams(
                                "lr",
                                ParamValue.newBuilder().setDoubleValue(0.001).build())
                        .build()));
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "param 'momentum' has no value",
                () -> tracking.logBatch(LogBatchRequest.newBuilder()
                        .setRunId(runId)
                        .putTypedParams("momentum", ParamValue.getDefaultInstance())
                        .build()));
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "param 'momentum' is NaN; a double param must be finite",
                () -> tracking.logBatch(LogBatchRequest.newBuilder()
                        .setRunId(runId)
                        .putTypedParams(
                                "momentum",
                                ParamValue.newBuilder()
                                        .setDoubleValue(Double.NaN)
                                        .build())
                        .build()));
    }

    @Test
    void rejectsWhatBreaksTheLimits() {
        String runId = newRun();
        String unknown = UUID.randomUUID().toString();
        assertStatus(
                Status.Code.NOT_FOUND,
                "no run with id " + unknown,
                () -> tracking.logBatch(LogBatchRequest.newBuilder()
                        .setRunId(unknown)
                        .addMetrics(point("loss", 0, 1))
                        .build()));
        LogBatchRequest.Builder tooMany = LogBatchRequest.newBuilder().setRunId(runId);
        IntStream.range(0, 10_001).forEach(step -> tooMany.addMetrics(point("loss", step, 1)));
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "the batch has 10001 points; at most 10000",
                () -> tracking.logBatch(tooMany.build()));
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "points[0].step is -1",
                () -> tracking.logBatch(LogBatchRequest.newBuilder()
                        .setRunId(runId)
                        .addMetrics(point("loss", -1, 1))
                        .build()));
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "params key '' must have 1 to 250 characters",
                () -> tracking.logBatch(LogBatchRequest.newBuilder()
                        .setRunId(runId)
                        .putParams("", "x")
                        .build()));
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "tags['note'] has 8001 characters",
                () -> tracking.logBatch(LogBatchRequest.newBuilder()
                        .setRunId(runId)
                        .putTags("note", "x".repeat(8_001))
                        .build()));
    }

    private String newRun() {
        String experimentId = tracking.createExperiment(CreateExperimentRequest.newBuilder()
                        .setName("log-batch-" + UUID.randomUUID())
                        .build())
                .getExperiment()
                .getExperimentId();
        return tracking.createRun(CreateRunRequest.newBuilder()
                        .setExperimentId(experimentId)
                        .build())
                .getRun()
                .getRunId();
    }

    private static MetricPoint point(String key, long step, double value) {
        return MetricPoint.newBuilder()
                .setKey(key)
                .setStep(step)
                .setValue(value)
                .setContext(MetricContext.METRIC_CONTEXT_TRAIN)
                .setTimestamp(Timestamp.newBuilder().setSeconds(1_700_000_000L + step))
                .build();
    }
}
