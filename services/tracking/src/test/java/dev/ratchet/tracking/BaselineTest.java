package dev.ratchet.tracking;

import static dev.ratchet.testing.GrpcAssertions.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Timestamp;
import dev.ratchet.contract.events.CloudEvent;
import dev.ratchet.contract.events.EventCodec;
import dev.ratchet.contract.events.EventType;
import dev.ratchet.contract.events.Topics;
import dev.ratchet.events.v1.BaselinePromoted;
import dev.ratchet.events.v1.ClassificationSummary;
import dev.ratchet.events.v1.Decision;
import dev.ratchet.events.v1.EvaluationFinished;
import dev.ratchet.events.v1.EvaluationStatus;
import dev.ratchet.events.v1.MetricContext;
import dev.ratchet.events.v1.MetricPoint;
import dev.ratchet.events.v1.Verdict;
import dev.ratchet.testing.KafkaBrokerResource;
import dev.ratchet.testing.KafkaRecords;
import dev.ratchet.testing.LocalKafka;
import dev.ratchet.tracking.v1.Baseline;
import dev.ratchet.tracking.v1.CreateExperimentRequest;
import dev.ratchet.tracking.v1.CreateRunRequest;
import dev.ratchet.tracking.v1.GetBaselineRequest;
import dev.ratchet.tracking.v1.GetRunRequest;
import dev.ratchet.tracking.v1.ListBaselineHistoryRequest;
import dev.ratchet.tracking.v1.LogBatchRequest;
import dev.ratchet.tracking.v1.MetricDirection;
import dev.ratchet.tracking.v1.SetBaselineRequest;
import dev.ratchet.tracking.v1.TrackingServiceGrpc.TrackingServiceBlockingStub;
import io.grpc.Status;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
class BaselineTest {

    @GrpcClient("tracking")
    TrackingServiceBlockingStub tracking;

    @Test
    void theRatchetKeepsEveryBaselineAndAnnouncesEachPromotion() {
        String experimentId = experiment();
        assertStatus(
                Status.Code.NOT_FOUND,
                "has no baseline yet",
                () -> tracking.getBaseline(GetBaselineRequest.newBuilder()
                        .setExperimentId(experimentId)
                        .build()));
        String majority = run(experimentId, 0.61, 0.50);
        String boosted = run(experimentId, 0.45, 0.31);

        Baseline first = set(experimentId, majority, "majority class");
        assertEquals(0.50, first.getValue(), "the run's latest value of the metric");
        assertEquals("set by hand: majority class", first.getReason());
        Baseline second = set(experimentId, boosted, "gradient boosting beat it");
        assertEquals(
                second,
                tracking.getBaseline(GetBaselineRequest.newBuilder()
                                .setExperimentId(experimentId)
                                .build())
                        .getBaseline());
        assertEquals(
                List.of(second, first),
                tracking.listBaselineHistory(ListBaselineHistoryRequest.newBuilder()
                                .setExperimentId(experimentId)
                                .build())
                        .getBaselinesList());

        List<ConsumerRecord<String, byte[]>> promoted = KafkaRecords.await(
                LocalKafka.bootstrapServers(),
                Topics.RUNS,
                r -> boosted.equals(r.key())
                        && EventCodec.decode(r.headers(), r.value()).type() == EventType.BASELINE_PROMOTED,
                Duration.ofSeconds(30));
        BaselinePromoted event = EventCodec.decode(
                        promoted.get(0).headers(), promoted.get(0).value())
                .dataAs(BaselinePromoted.class);
        assertEquals(majority, event.getPreviousRunId());
        assertEquals(0.31, event.getValue());
    }

    @Test
    void aBaselineNeedsARunOfTheExperimentWithTheMetric() {
        String experimentId = experiment();
        String run = run(experimentId, 0.5, 0.4);
        assertStatus(
                Status.Code.FAILED_PRECONDITION,
                "has no value of metric 'val_f1'",
                () -> tracking.setBaseline(
                        request(experimentId, run).setMetric("val_f1").build()));
        String other = experiment();
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "is not in experiment",
                () -> tracking.setBaseline(request(other, run).build()));
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "direction must be",
                () -> tracking.setBaseline(request(experimentId, run)
                        .setDirection(MetricDirection.METRIC_DIRECTION_UNSPECIFIED)
                        .build()));
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "reason is required",
                () -> tracking.setBaseline(
                        request(experimentId, run).setReason("").build()));
    }

    @Test
    void theGatesPromoteVerdictMovesTheRatchetOnlyAgainstTheCurrentBaseline() {
        String experimentId = experiment();
        String first = run(experimentId, 0.5);
        String second = run(experimentId, 0.4);
        String stale = run(experimentId, 0.3);

        // no baseline yet: a PROMOTE verdict makes the run the first baseline
        verdict(first, "", 0.80);
        Baseline initial = awaitBaseline(experimentId, first);
        assertEquals("accuracy", initial.getMetric());
        assertEquals(MetricDirection.METRIC_DIRECTION_MAXIMIZE, initial.getDirection());
        assertEquals(0.80, initial.getValue());

        // a verdict against a run that is not the baseline changes nothing ...
        verdict(stale, second, 0.90);
        // ... one against the current baseline promotes; its reason is the gate's evidence
        verdict(second, first, 0.85);
        Baseline promoted = awaitBaseline(experimentId, second);
        assertTrue(promoted.getReason().startsWith("evaluation "), promoted.getReason());
        assertTrue(promoted.getReason().endsWith("accuracy 0.85 against the baseline's 0.8"), promoted.getReason());
        assertEquals(
                List.of(second, first),
                tracking
                        .listBaselineHistory(ListBaselineHistoryRequest.newBuilder()
                                .setExperimentId(experimentId)
                                .build())
                        .getBaselinesList()
                        .stream()
                        .map(Baseline::getRunId)
                        .toList());
        assertEquals(
                Decision.DECISION_PROMOTE,
                tracking.getRun(GetRunRequest.newBuilder().setRunId(second).build())
                        .getRun()
                        .getEvaluations(0)
                        .getVerdict()
                        .getDecision());
    }

    private static void verdict(String runId, String baselineRunId, double accuracy) {
        String evaluationId = UUID.randomUUID().toString();
        KafkaRecords.send(
                LocalKafka.bootstrapServers(),
                EventCodec.record(CloudEvent.create(
                        "evaluation",
                        runId,
                        EvaluationFinished.newBuilder()
                                .setEvaluationId(evaluationId)
                                .setRunId(runId)
                                .setStatus(EvaluationStatus.EVALUATION_STATUS_SUCCEEDED)
                                .setSummary(ClassificationSummary.newBuilder()
                                        .setExampleCount(100)
                                        .setAccuracy(accuracy))
                                .setVerdict(Verdict.newBuilder()
                                        .setDecision(Decision.DECISION_PROMOTE)
                                        .setMetric("accuracy")
                                        .setHigherIsBetter(true)
                                        .setCandidateValue(accuracy)
                                        .setBaselineRunId(baselineRunId)
                                        .addReasons("accuracy " + accuracy + " against the baseline's 0.8"))
                                .build())));
    }

    private Baseline awaitBaseline(String experimentId, String runId) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .ignoreExceptions()
                .until(() -> tracking.getBaseline(GetBaselineRequest.newBuilder()
                                .setExperimentId(experimentId)
                                .build())
                        .getBaseline()
                        .getRunId()
                        .equals(runId));
        return tracking.getBaseline(GetBaselineRequest.newBuilder()
                        .setExperimentId(experimentId)
                        .build())
                .getBaseline();
    }

    private Baseline set(String experimentId, String runId, String reason) {
        return tracking.setBaseline(
                        request(experimentId, runId).setReason(reason).build())
                .getBaseline();
    }

    private static SetBaselineRequest.Builder request(String experimentId, String runId) {
        return SetBaselineRequest.newBuilder()
                .setExperimentId(experimentId)
                .setRunId(runId)
                .setMetric("val_loss")
                .setDirection(MetricDirection.METRIC_DIRECTION_MINIMIZE)
                .setReason("first");
    }

    private String experiment() {
        return tracking.createExperiment(CreateExperimentRequest.newBuilder()
                        .setName("baseline-" + UUID.randomUUID())
                        .build())
                .getExperiment()
                .getExperimentId();
    }

    private String run(String experimentId, double... valLoss) {
        String runId = tracking.createRun(CreateRunRequest.newBuilder()
                        .setExperimentId(experimentId)
                        .build())
                .getRun()
                .getRunId();
        LogBatchRequest.Builder batch = LogBatchRequest.newBuilder().setRunId(runId);
        for (int step = 0; step < valLoss.length; step++) {
            batch.addMetrics(MetricPoint.newBuilder()
                    .setKey("val_loss")
                    .setStep(step)
                    .setValue(valLoss[step])
                    .setContext(MetricContext.METRIC_CONTEXT_VALIDATION)
                    .setTimestamp(Timestamp.newBuilder().setSeconds(1_700_000_000L + step)));
        }
        tracking.logBatch(batch.build());
        return runId;
    }
}
