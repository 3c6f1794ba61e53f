package dev.ratchet.tracking;

import static dev.ratchet.testing.GrpcAssertions.assertStatus;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Timestamp;
import dev.ratchet.contract.events.CloudEvent;
import dev.ratchet.contract.events.EventCodec;
import dev.ratchet.contract.events.Topics;
import dev.ratchet.events.v1.ClassificationSummary;
import dev.ratchet.events.v1.EvaluationFinished;
import dev.ratchet.events.v1.EvaluationRequested;
import dev.ratchet.events.v1.EvaluationStatus;
import dev.ratchet.events.v1.MetricContext;
import dev.ratchet.events.v1.MetricPoint;
import dev.ratchet.events.v1.MetricsLogged;
import dev.ratchet.events.v1.RunFinished;
import dev.ratchet.events.v1.RunOutcome;
import dev.ratchet.events.v1.RunStarted;
import dev.ratchet.testing.KafkaBrokerResource;
import dev.ratchet.testing.KafkaRecords;
import dev.ratchet.testing.LocalKafka;
import dev.ratchet.testing.MalformedCloudEvents;
import dev.ratchet.tracking.run.Runs;
import dev.ratchet.tracking.v1.GetMetricHistoryRequest;
import dev.ratchet.tracking.v1.GetMetricHistoryResponse;
import dev.ratchet.tracking.v1.GetRunRequest;
import dev.ratchet.tracking.v1.MetricSummary;
import dev.ratchet.tracking.v1.Run;
import dev.ratchet.tracking.v1.RunStatus;
import dev.ratchet.tracking.v1.TrackingServiceGrpc.TrackingServiceBlockingStub;
import io.grpc.Status;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
class TrackingEventsTest {
    private static final String DLQ = "ratchet.tracking.dlq";

    @GrpcClient("tracking")
    TrackingServiceBlockingStub tracking;

    @Inject
    EntityManager entityManager;

    @Inject
    Runs runs;

    @Test
    void storesMetricPointsOnceHoweverOftenTheyAreDelivered() {
        String runId = startRun();
        MetricsLogged batch = MetricsLogged.newBuilder()
                .setRunId(runId)
                .addAllPoints(IntStream.range(0, 50)
                        .mapToObj(step -> point("loss", step, 1.0 / (step + 1), MetricContext.METRIC_CONTEXT_TRAIN))
                        .toList())
                .addPoints(point("val_acc", 49, Double.NaN, MetricContext.METRIC_CONTEXT_VALIDATION))
                .build();
        CloudEvent event = CloudEvent.create("trainer", runId, batch);
        send(event);
        Run run = TrackingAwait.run(tracking, runId, r -> r.getMetricsCount() == 2);

        MetricSummary loss = run.getMetrics(0);
        assertEquals("loss", loss.getKey());
        assertEquals(50, loss.getPointCount());
        assertEquals(49, loss.getLastStep());
        assertEquals(1.0 / 50, loss.getLastValue(), 1e-15);
        assertTrue(Double.isNaN(run.getMetrics(1).getLastValue()), "NaN is stored as NaN");

        // The same event redelivered, and the same points in a new event (a producer's retry).
        send(event);
        send(CloudEvent.create("trainer", runId, batch));
        // A marker event behind them on the same partition: once it is visible, the others were processed.
        send(CloudEvent.create(
                "trainer",
                runId,
                MetricsLogged.newBuilder()
                        .setRunId(runId)
                        .addPoints(point("marker", 0, 1, MetricContext.METRIC_CONTEXT_TRAIN))
                        .build()));
        Run after = TrackingAwait.run(tracking, runId, r -> r.getMetricsCount() == 3);
        assertEquals(50, after.getMetrics(0).getPointCount(), "no point duplicated");

        GetMetricHistoryResponse history = tracking.getMetricHistory(GetMetricHistoryRequest.newBuilder()
                .setRunId(runId)
                .setKey("loss")
                .build());
        assertFalse(history.getDownsampled());
        assertEquals(50, history.getTotalPoints());
        assertEquals(batch.getPointsList().subList(0, 50), history.getPointsList(), "the whole series, exactly");
    }

    @Test
    void downsamplesALongSeriesKeepingItsShape() {
        String runId = startRun();
        int n = 10_000;
        MetricsLogged.Builder batch = MetricsLogged.newBuilder().setRunId(runId);
        for (int step = 0; step < n; step++) {
            double value = step == 5_123 ? 100 : step == 7_777 ? -50 : Math.sin(step / 300.0);
            batch.addPoints(point("val_loss", step, value, MetricContext.METRIC_CONTEXT_VALIDATION));
        }
        send(CloudEvent.create("trainer", runId, batch.build()));
        TrackingAwait.run(
                tracking,
                runId,
                r -> r.getMetricsCount() == 1 && r.getMetrics(0).getPointCount() == n);

        GetMetricHistoryResponse history = tracking.getMetricHistory(GetMetricHistoryRequest.newBuilder()
                .setRunId(runId)
                .setKey("val_loss")
                .setMaxPoints(400)
                .build());
        assertTrue(history.getDownsampled());
        assertEquals(n, history.getTotalPoints());
        List<MetricPoint> points = history.getPointsList();
        assertTrue(points.size() <= 400 && points.size() >= 200, points.size() + " points");
        assertEquals(0, points.get(0).getStep(), "the first point is kept");
        assertEquals(n - 1, points.get(points.size() - 1).getStep(), "the last point is kept");
        assertTrue(points.stream().anyMatch(p -> p.getStep() == 5_123 && p.getValue() == 100), "the spike survives");
        assertTrue(points.stream().anyMatch(p -> p.getStep() == 7_777 && p.getValue() == -50), "the dip survives");
        for (int i = 1; i < points.size(); i++) {
            assertTrue(points.get(i).getStep() > points.get(i - 1).getStep(), "ordered by step");
            assertEquals(batch.getPoints((int) points.get(i).getStep()), points.get(i), "points are real points");
        }

        // zoomed into steps 5,000–5,199: every point of the range, the spike among them
        GetMetricHistoryResponse zoomed = tracking.getMetricHistory(GetMetricHistoryRequest.newBuilder()
                .setRunId(runId)
                .setKey("val_loss")
                .setMaxPoints(400)
                .setFirstStep(5_000)
                .setLastStep(5_199)
                .build());
        assertFalse(zoomed.getDownsampled());
        assertEquals(200, zoomed.getTotalPoints());
        assertEquals(batch.getPointsList().subList(5_000, 5_200), zoomed.getPointsList());
        GetMetricHistoryResponse tail = tracking.getMetricHistory(GetMetricHistoryRequest.newBuilder()
                .setRunId(runId)
                .setKey("val_loss")
                .setMaxPoints(100)
                .setFirstStep(7_000)
                .build());
        assertTrue(tail.getDownsampled());
        assertEquals(3_000, tail.getTotalPoints());
        assertEquals(7_000, tail.getPoints(0).getStep());
        assertTrue(
                tail.getPointsList().stream().anyMatch(p -> p.getStep() == 7_777 && p.getValue() == -50),
                "the dip survives in the range");

        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "max_points must be 4 to 100000",
                () -> tracking.getMetricHistory(GetMetricHistoryRequest.newBuilder()
                        .setRunId(runId)
                        .setKey("val_loss")
                        .setMaxPoints(3)
                        .build()));
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "first_step 10 is after last_step 9",
                () -> tracking.getMetricHistory(GetMetricHistoryRequest.newBuilder()
                        .setRunId(runId)
                        .setKey("val_loss")
                        .setFirstStep(10)
                        .setLastStep(9)
                        .build()));
    }

    @Test
    void metricsThatOvertakeRunStartedAreHeldUntilItArrives() {
        String runId = UUID.randomUUID().toString();
        send(CloudEvent.create(
                "trainer",
                runId,
                MetricsLogged.newBuilder()
                        .setRunId(runId)
                        .addPoints(point("loss", 0, 0.7, MetricContext.METRIC_CONTEXT_TRAIN))
                        .build()));
        await().atMost(Duration.ofSeconds(30)).until(() -> heldPoints(runId) == 1);
        // held, not a run: no run without an experiment shows through the API
        assertStatus(
                Status.Code.NOT_FOUND,
                "run " + runId + " has not been announced",
                () -> tracking.getRun(GetRunRequest.newBuilder().setRunId(runId).build()));

        send(CloudEvent.create(
                "orchestrator",
                runId,
                RunStarted.newBuilder()
                        .setRunId(runId)
                        .setExperimentName("late-start")
                        .build()));
        Run running = TrackingAwait.run(tracking, runId, r -> r.getStatus() == RunStatus.RUN_STATUS_RUNNING);
        assertEquals("late-start", running.getExperimentName());
        assertEquals(1, running.getMetricsCount());
    }

    @Test
    void aRunWhoseEndOvertookItsStartGetsItsExperimentAndKeepsItsEnd() {
        String runId = UUID.randomUUID().toString();
        send(CloudEvent.create(
                "orchestrator",
                runId,
                RunFinished.newBuilder()
                        .setRunId(runId)
                        .setOutcome(RunOutcome.RUN_OUTCOME_FAILED)
                        .setMessage("exit 1")
                        .build()));
        send(CloudEvent.create(
                "tracking-client",
                runId,
                RunStarted.newBuilder()
                        .setRunId(runId)
                        .setExperimentName("end-first")
                        .build()));
        Run run = TrackingAwait.run(tracking, runId, r -> r.getExperimentName().equals("end-first"));
        assertEquals(RunStatus.RUN_STATUS_FAILED, run.getStatus());
    }

    @Test
    void whatNothingAnnouncesIsDroppedAfterTheRetention() {
        String runId = UUID.randomUUID().toString();
        send(CloudEvent.create(
                "trainer",
                runId,
                MetricsLogged.newBuilder()
                        .setRunId(runId)
                        .addPoints(point("loss", 0, 0.7, MetricContext.METRIC_CONTEXT_TRAIN))
                        .build()));
        await().atMost(Duration.ofSeconds(30)).until(() -> heldPoints(runId) == 1);
        QuarkusTransaction.requiringNew()
                .run(() -> entityManager
                        .createNativeQuery("update run set held_since = now() - interval '8 days' where id = ?1")
                        .setParameter(1, UUID.fromString(runId))
                        .executeUpdate());
        runs.dropUnannounced();
        assertEquals(0, heldPoints(runId));
        assertEquals(
                0L,
                QuarkusTransaction.requiringNew()
                        .call(() -> ((Number) entityManager
                                        .createNativeQuery("select count(*) from run where id = ?1")
                                        .setParameter(1, UUID.fromString(runId))
                                        .getSingleResult())
                                .longValue()));
    }

    private long heldPoints(String runId) {
        return QuarkusTransaction.requiringNew()
                .call(() -> ((Number) entityManager
                                .createNativeQuery("select count(*) from metric_point where run_id = ?1")
                                .setParameter(1, UUID.fromString(runId))
                                .getSingleResult())
                        .longValue());
    }

    @Test
    void garbageGoesToTheDeadLetterTopicAndTheConsumerKeepsGoing() {
        String garbageKey = "garbage-" + UUID.randomUUID();
        KafkaRecords.send(
                LocalKafka.bootstrapServers(),
                new ProducerRecord<>(Topics.METRICS, garbageKey, "not a cloud event".getBytes(StandardCharsets.UTF_8)));
        String wrongRunKey = "invalid-" + UUID.randomUUID();
        KafkaRecords.send(
                LocalKafka.bootstrapServers(),
                new ProducerRecord<>(
                        Topics.METRICS,
                        null,
                        wrongRunKey,
                        EventCodec.value(CloudEvent.create(
                                "x",
                                wrongRunKey,
                                MetricsLogged.newBuilder()
                                        .setRunId("not-a-uuid")
                                        .addPoints(point("loss", 0, 1, MetricContext.METRIC_CONTEXT_TRAIN))
                                        .build())),
                        EventCodec.headers(CloudEvent.create("x", wrongRunKey, MetricsLogged.getDefaultInstance()))));

        List<ConsumerRecord<String, byte[]>> dead = KafkaRecords.await(
                LocalKafka.bootstrapServers(), DLQ, r -> garbageKey.equals(r.key()), Duration.ofSeconds(30));
        assertEquals(1, dead.size(), "the undecodable record is in " + DLQ);
        assertEquals("not a cloud event", new String(dead.get(0).value(), StandardCharsets.UTF_8));
        assertTrue(
                new String(
                                dead.get(0)
                                        .headers()
                                        .lastHeader("dead-letter-reason")
                                        .value(),
                                StandardCharsets.UTF_8)
                        .contains("missing CloudEvents header ce_specversion"),
                "the reason travels with the record");
        assertFalse(
                KafkaRecords.await(
                                LocalKafka.bootstrapServers(),
                                DLQ,
                                r -> wrongRunKey.equals(r.key()),
                                Duration.ofSeconds(30))
                        .isEmpty(),
                "the invalid event is in " + DLQ);

        given().when()
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Kafka broker", "Database connections health check"));
        String runId = startRun();
        send(CloudEvent.create(
                "trainer",
                runId,
                MetricsLogged.newBuilder()
                        .setRunId(runId)
                        .addPoints(point("loss", 0, 0.5, MetricContext.METRIC_CONTEXT_TRAIN))
                        .build()));
        TrackingAwait.run(tracking, runId, r -> r.getMetricsCount() == 1);
    }

    @Test
    void everyMalformedCloudEventIsDeadLetteredWithItsReasonAndTheNextEventIsProcessed() {
        String runId = startRun();
        String prefix = "malformed-" + UUID.randomUUID() + "-";
        CloudEvent template = CloudEvent.create(
                "trainer",
                runId,
                MetricsLogged.newBuilder()
                        .setRunId(runId)
                        .addPoints(point("loss", 0, 0.5, MetricContext.METRIC_CONTEXT_TRAIN))
                        .build());
        ProducerRecord<String, byte[]> valid = new ProducerRecord<>(
                Topics.METRICS, 0, runId, EventCodec.value(template), EventCodec.headers(template));
        List<MalformedCloudEvents.Case> cases = MalformedCloudEvents.of(valid, prefix);
        cases.forEach(c -> KafkaRecords.send(LocalKafka.bootstrapServers(), c.record()));
        // the next valid event, behind them on the same partition
        CloudEvent after = CloudEvent.create(
                "trainer",
                runId,
                MetricsLogged.newBuilder()
                        .setRunId(runId)
                        .addPoints(point("after", 0, 0.25, MetricContext.METRIC_CONTEXT_TRAIN))
                        .build());
        KafkaRecords.send(
                LocalKafka.bootstrapServers(),
                new ProducerRecord<>(Topics.METRICS, 0, runId, EventCodec.value(after), EventCodec.headers(after)));

        Run run = TrackingAwait.run(tracking, runId, r -> r.getMetricsCount() == 1);
        assertEquals("after", run.getMetrics(0).getKey(), "only the valid event was stored");
        List<ConsumerRecord<String, byte[]>> dead = KafkaRecords.await(
                LocalKafka.bootstrapServers(),
                DLQ,
                r -> MalformedCloudEvents.isCase(r, prefix),
                cases.size(),
                Duration.ofSeconds(60));
        assertEquals(
                cases.size(),
                dead.size(),
                "every malformed record is dead-lettered: "
                        + cases.stream().map(MalformedCloudEvents.Case::name).toList());
        for (ConsumerRecord<String, byte[]> record : dead) {
            assertFalse(
                    new String(record.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8)
                            .isBlank(),
                    "a reason travels with " + record.key());
        }
        given().when().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void attachesEvaluationsToTheRun() {
        String runId = startRun();
        String evaluationId = UUID.randomUUID().toString();
        send(CloudEvent.create(
                "orchestrator",
                runId,
                EvaluationRequested.newBuilder()
                        .setEvaluationId(evaluationId)
                        .setRunId(runId)
                        .build()));
        Run pending = TrackingAwait.run(tracking, runId, r -> r.getEvaluationsCount() == 1);
        assertEquals(
                EvaluationStatus.EVALUATION_STATUS_UNSPECIFIED,
                pending.getEvaluations(0).getStatus());

        ClassificationSummary summary = ClassificationSummary.newBuilder()
                .setExampleCount(4)
                .setAccuracy(0.75)
                .build();
        send(CloudEvent.create(
                "evaluation",
                runId,
                EvaluationFinished.newBuilder()
                        .setEvaluationId(evaluationId)
                        .setRunId(runId)
                        .setStatus(EvaluationStatus.EVALUATION_STATUS_SUCCEEDED)
                        .setSummary(summary)
                        .build()));
        Run evaluated = TrackingAwait.run(
                tracking, runId, r -> r.getEvaluations(0).getStatus() == EvaluationStatus.EVALUATION_STATUS_SUCCEEDED);
        assertEquals(summary, evaluated.getEvaluations(0).getSummary());
        assertTrue(evaluated.getEvaluations(0).hasFinishedAt());
    }

    private String startRun() {
        String runId = UUID.randomUUID().toString();
        send(CloudEvent.create(
                "orchestrator",
                runId,
                RunStarted.newBuilder()
                        .setRunId(runId)
                        .setExperimentName("events")
                        .build()));
        TrackingAwait.run(tracking, runId, r -> r.getStatus() == RunStatus.RUN_STATUS_RUNNING);
        return runId;
    }

    private static void send(CloudEvent event) {
        KafkaRecords.send(LocalKafka.bootstrapServers(), EventCodec.record(event));
    }

    private static MetricPoint point(String key, long step, double value, MetricContext context) {
        return MetricPoint.newBuilder()
                .setKey(key)
                .setStep(step)
                .setValue(value)
                .setContext(context)
                .setTimestamp(
                        Timestamp.newBuilder().setSeconds(1_700_000_000L + step).setNanos(123_000))
                .build();
    }
}
