package dev.ratchet.evaluation;

import static dev.ratchet.testing.GrpcAssertions.assertStatus;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ratchet.contract.events.CloudEvent;
import dev.ratchet.contract.events.EventCodec;
import dev.ratchet.contract.events.EventType;
import dev.ratchet.contract.events.Topics;
import dev.ratchet.evaluation.v1.EvaluateRequest;
import dev.ratchet.evaluation.v1.Evaluation;
import dev.ratchet.evaluation.v1.EvaluationServiceGrpc.EvaluationServiceBlockingStub;
import dev.ratchet.evaluation.v1.GetEvaluationRequest;
import dev.ratchet.evaluation.v1.GetProfileRequest;
import dev.ratchet.evaluation.v1.ProfileDatasetRequest;
import dev.ratchet.evaluation.v1.ProfileDatasetResponse;
import dev.ratchet.evaluation.v1.ProfiledFile;
import dev.ratchet.evaluation.v1.ReportSection;
import dev.ratchet.evaluation.v1.SplitDatasetRequest;
import dev.ratchet.evaluation.v1.SplitStrategy;
import dev.ratchet.events.v1.DataProfile;
import dev.ratchet.events.v1.EvaluationFinished;
import dev.ratchet.events.v1.EvaluationOptions;
import dev.ratchet.events.v1.EvaluationRequested;
import dev.ratchet.events.v1.EvaluationStatus;
import dev.ratchet.events.v1.InlinePredictions;
import dev.ratchet.events.v1.PredictionFile;
import dev.ratchet.events.v1.PredictionSource;
import dev.ratchet.events.v1.ScoreColumn;
import dev.ratchet.events.v1.SliceSpec;
import dev.ratchet.events.v1.Task;
import dev.ratchet.testing.KafkaBrokerResource;
import dev.ratchet.testing.KafkaRecords;
import dev.ratchet.testing.LocalKafka;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
class EvaluationServiceTest {

    @GrpcClient("evaluation")
    EvaluationServiceBlockingStub evaluation;

    @Test
    void evaluatesInlinePredictionsAndAnnouncesTheResult() {
        String runId = UUID.randomUUID().toString();
        Evaluation result = evaluation
                .evaluate(EvaluateRequest.newBuilder()
                        .setRunId(runId)
                        .setSource(inline(List.of("good", "good", "bad", "bad"), List.of("good", "bad", "bad", "bad")))
                        .build())
                .getEvaluation();
        assertEquals(EvaluationStatus.EVALUATION_STATUS_SUCCEEDED, result.getStatus());
        assertEquals(0.75, result.getSummary().getAccuracy(), 1e-15);
        assertEquals(
                List.of("bad", "good"), result.getSummary().getConfusionMatrix().getLabelsList());
        assertEquals(
                result,
                evaluation
                        .getEvaluation(GetEvaluationRequest.newBuilder()
                                .setEvaluationId(result.getEvaluationId())
                                .build())
                        .getEvaluation());

        EvaluationFinished finished =
                finishedEvents(runId, result.getEvaluationId()).get(0);
        assertEquals(result.getSummary(), finished.getSummary());
    }

    @Test
    void aFileEvaluationReturnsTheFullReportSectionBySection() throws Exception {
        String runId = UUID.randomUUID().toString();
        PredictionSource source = PredictionSource.newBuilder()
                .setFile(PredictionFile.newBuilder()
                        .setUri(Path.of(getClass()
                                        .getResource("/fixtures/hpc_cv.csv")
                                        .toURI())
                                .toString())
                        .setLabelColumn("obs")
                        .setPredictionColumn("pred"))
                .build();
        EvaluationOptions.Builder options =
                EvaluationOptions.newBuilder().addSlices(SliceSpec.newBuilder().addColumns("Resample"));
        for (String label : List.of("VF", "F", "M", "L")) {
            options.addScoreColumns(ScoreColumn.newBuilder().setLabel(label).setColumn(label));
        }
        Evaluation result = evaluation
                .evaluate(EvaluateRequest.newBuilder()
                        .setRunId(runId)
                        .setSource(source)
                        .setOptions(options)
                        .build())
                .getEvaluation();
        assertEquals(EvaluationStatus.EVALUATION_STATUS_SUCCEEDED, result.getStatus(), result.getFailureMessage());
        assertTrue(
                result.getSummary().getMetricsList().stream()
                        .anyMatch(m -> m.getName().equals("roc_auc_ovo_macro")),
                result.getSummary().getMetricsList().toString());
        assertEquals(10, result.getReport().getSlices(0).getValuesCount());
        assertEquals(4, result.getReport().getClassesCount());

        Evaluation slicesOnly = evaluation
                .getEvaluation(GetEvaluationRequest.newBuilder()
                        .setEvaluationId(result.getEvaluationId())
                        .addSections(ReportSection.REPORT_SECTION_SLICES)
                        .build())
                .getEvaluation();
        assertEquals(result.getReport().getSlicesList(), slicesOnly.getReport().getSlicesList());
        assertEquals(0, slicesOnly.getReport().getMetricsCount());
        assertEquals(0, slicesOnly.getReport().getCurvesCount());
        assertEquals(
                result.getSummary(),
                finishedEvents(runId, result.getEvaluationId()).get(0).getSummary());

        String html = given().get("/evaluations/" + result.getEvaluationId() + "/report.html")
                .then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .extract()
                .asString();
        assertTrue(
                html.contains("<h2>Confusion matrix</h2>") && html.contains("<svg") && html.contains("Resample=Fold01"),
                html.substring(0, Math.min(300, html.length())));
        given().get("/evaluations/" + UUID.randomUUID() + "/report.html").then().statusCode(404);
    }

    @Test
    void evaluatesWhatAnEventRequestsOnceHoweverOftenItIsDelivered() throws Exception {
        String runId = UUID.randomUUID().toString();
        String evaluationId = UUID.randomUUID().toString();
        Path fixture = Path.of(
                getClass().getResource("/fixtures/two_class_example.csv").toURI());
        EvaluationRequested request = EvaluationRequested.newBuilder()
                .setEvaluationId(evaluationId)
                .setRunId(runId)
                .setSource(PredictionSource.newBuilder()
                        .setFile(PredictionFile.newBuilder()
                                .setUri(fixture.toUri().toString())
                                .setLabelColumn("truth")
                                .setPredictionColumn("predicted")))
                .build();
        CloudEvent event = CloudEvent.create("orchestrator", runId, request);
        KafkaRecords.send(LocalKafka.bootstrapServers(), EventCodec.record(event));
        KafkaRecords.send(LocalKafka.bootstrapServers(), EventCodec.record(event));
        KafkaRecords.send(
                LocalKafka.bootstrapServers(), EventCodec.record(CloudEvent.create("orchestrator", runId, request)));

        // A marker request behind the duplicates on the same partition: once it is evaluated, they were consumed.
        String markerId = UUID.randomUUID().toString();
        KafkaRecords.send(
                LocalKafka.bootstrapServers(),
                EventCodec.record(CloudEvent.create(
                        "orchestrator",
                        runId,
                        request.toBuilder().setEvaluationId(markerId).build())));
        awaitEvaluation(markerId);

        Evaluation stored = awaitEvaluation(evaluationId);
        assertEquals(0.838, stored.getSummary().getAccuracy(), 1e-12);
        assertEquals(500, stored.getSummary().getExampleCount());
        finishedEvents(runId, markerId);
        assertEquals(1, finishedEvents(runId, evaluationId).size(), "evaluated and announced once");
    }

    @Test
    void anUnreadableFileFailsTheEvaluationWithTheReason() {
        String runId = UUID.randomUUID().toString();
        Evaluation failed = evaluation
                .evaluate(EvaluateRequest.newBuilder()
                        .setRunId(runId)
                        .setSource(PredictionSource.newBuilder()
                                .setFile(PredictionFile.newBuilder()
                                        .setUri("/nonexistent/predictions.csv")
                                        .setLabelColumn("y")
                                        .setPredictionColumn("p")))
                        .build())
                .getEvaluation();
        assertEquals(EvaluationStatus.EVALUATION_STATUS_FAILED, failed.getStatus());
        assertTrue(failed.getFailureMessage().contains("/nonexistent/predictions.csv"), failed.getFailureMessage());
        assertEquals(
                EvaluationStatus.EVALUATION_STATUS_FAILED,
                finishedEvents(runId, failed.getEvaluationId()).get(0).getStatus());
    }

    @Test
    void inputThatCannotBeEvaluatedFailsQuicklyAndSaysWhatToFix(@TempDir Path dir) throws Exception {
        StringBuilder scores = new StringBuilder("y,p,score\n");
        for (int i = 0; i < 100; i++) {
            scores.append(i % 2)
                    .append(',')
                    .append(i % 2)
                    .append(',')
                    .append(i == 17 ? "1.7" : i == 40 ? "inf" : "0.5")
                    .append('\n');
        }
        Evaluation outOfRange = evaluate(
                dir,
                "scores.csv",
                scores,
                EvaluationOptions.newBuilder()
                        .addScoreColumns(ScoreColumn.newBuilder().setLabel("1").setColumn("score"))
                        .build());
        assertEquals(EvaluationStatus.EVALUATION_STATUS_FAILED, outOfRange.getStatus());
        assertTrue(
                outOfRange
                        .getFailureMessage()
                        .contains("row 18: score column 'score' holds 1.7; a score is the "
                                + "probability of label '1' and must lie in [0, 1]"),
                outOfRange.getFailureMessage());

        // a regression target sent as a classification: 10,000 "classes"
        StringBuilder regression = new StringBuilder("y,p\n");
        for (int i = 0; i < 10_000; i++) {
            regression.append(i * 0.37).append(',').append(i * 0.37 + 0.1).append('\n');
        }
        Evaluation tooManyClasses = evaluate(dir, "regression.csv", regression, EvaluationOptions.getDefaultInstance());
        assertEquals(EvaluationStatus.EVALUATION_STATUS_FAILED, tooManyClasses.getStatus());
        assertTrue(
                tooManyClasses
                        .getFailureMessage()
                        .contains("hold 20000 distinct values; a classification has at "
                                + "most 1000 classes (ratchet.evaluation.max-classes). If 'y' is a number to predict, set options.task"
                                + " = TASK_REGRESSION"),
                tooManyClasses.getFailureMessage());

        // 1,000 classes are within the limit: evaluated (it took 60–90 s, and a gate over them ran out of memory)
        StringBuilder many = new StringBuilder("y,p\n");
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 20_000; i++) {
            int y = i % 1_000;
            many.append('c')
                    .append(y)
                    .append(",c")
                    .append(random.nextDouble() < 0.6 ? y : random.nextInt(1_000))
                    .append('\n');
        }
        Evaluation thousand = evaluate(dir, "thousand.csv", many, EvaluationOptions.getDefaultInstance());
        assertEquals(EvaluationStatus.EVALUATION_STATUS_SUCCEEDED, thousand.getStatus(), thousand.getFailureMessage());
        assertEquals(1_000, thousand.getReport().getConfusionMatrix().getLabelsCount());
        EvaluationFinished announced =
                finishedEvents(thousand.getRunId(), thousand.getEvaluationId()).get(0);
        assertFalse(announced.getSummary().hasConfusionMatrix(), "the event does not carry a million cells");
        assertTrue(
                announced
                        .getSummary()
                        .getWarningsList()
                        .contains("the confusion matrix of 1000 labels is in the report only"),
                announced.getSummary().getWarningsList().toString());

        StringBuilder ids = new StringBuilder("y,p,customer\n");
        for (int i = 0; i < 5_000; i++) {
            ids.append(i % 2)
                    .append(',')
                    .append(i % 3 == 0 ? 1 : 0)
                    .append(",c")
                    .append(i)
                    .append('\n');
        }
        Evaluation tooManyValues = evaluate(
                dir,
                "ids.csv",
                ids,
                EvaluationOptions.newBuilder()
                        .addSlices(SliceSpec.newBuilder().addColumns("customer"))
                        .build());
        assertEquals(EvaluationStatus.EVALUATION_STATUS_FAILED, tooManyValues.getStatus());
        assertTrue(
                tooManyValues
                        .getFailureMessage()
                        .contains("slice customer has 5000 values; a slice has at most "
                                + "1000 (ratchet.evaluation.max-slice-values)"),
                tooManyValues.getFailureMessage());
    }

    private Evaluation evaluate(Path dir, String name, CharSequence csv, EvaluationOptions options) throws IOException {
        Path file = Files.writeString(dir.resolve(name), csv);
        return evaluation
                .evaluate(EvaluateRequest.newBuilder()
                        .setRunId(UUID.randomUUID().toString())
                        .setSource(PredictionSource.newBuilder()
                                .setFile(PredictionFile.newBuilder()
                                        .setUri(file.toUri().toString())
                                        .setLabelColumn("y")
                                        .setPredictionColumn("p")))
                        .setOptions(options)
                        .build())
                .getEvaluation();
    }

    @Test
    void aSplitRequestThatCannotBeMetSaysWhy() throws Exception {
        String panel = getClass()
                .getResource("/datasets/psid7682_wages_panel.csv")
                .toURI()
                .toString();
        SplitDatasetRequest.Builder request = SplitDatasetRequest.newBuilder()
                .setUri(panel)
                .setOutputDir(Files.createTempDirectory("split").toString());
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "strategy must be RANDOM, TIME, GROUP or TIME_THEN_GROUP",
                () -> evaluation.splitDataset(request.build()));
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "has no column 'person'",
                () -> evaluation.splitDataset(request.setStrategy(SplitStrategy.SPLIT_STRATEGY_GROUP)
                        .addGroupColumns("person")
                        .build()));
        assertStatus(
                Status.Code.FAILED_PRECONDITION,
                "group_leakage:id",
                () -> evaluation.splitDataset(request.setStrategy(SplitStrategy.SPLIT_STRATEGY_RANDOM)
                        .clearGroupColumns()
                        .addGroupColumns("id")
                        .build()));
    }

    @Test
    void aProfileIsComputedWhenTrackingIsDownAndSaysItWasNotStored() throws Exception {
        String german =
                getClass().getResource("/datasets/german_credit.csv").toURI().toString();
        ProfileDatasetRequest request = ProfileDatasetRequest.newBuilder()
                .setLabelColumn("Class")
                .addIdColumns("row_id")
                .addFiles(ProfiledFile.newBuilder().setUri(german))
                .build();
        ProfileDatasetResponse profiled = evaluation.profileDataset(request);
        DataProfile profile = profiled.getProfile();
        assertTrue(profile.getKey().matches("profile:[0-9a-f]{64}"), profile.getKey());
        assertEquals("/profiles/" + profile.getKey() + "/report.html", profiled.getReportPath());
        assertEquals("data", profile.getParts(0).getRole());
        assertEquals(1000, profile.getParts(0).getRows());
        assertEquals(23, profile.getParts(0).getColumnsCount());
        assertTrue(
                profile.getWarningsList().stream().anyMatch(w -> w.startsWith("not stored in tracking (UNAVAILABLE")),
                profile.getWarningsList().toString());
        assertEquals(
                profile.getKey(),
                evaluation.profileDataset(request).getProfile().getKey(),
                "the key is the content's");
        assertStatus(
                Status.Code.UNAVAILABLE,
                "tracking, which stores profiles",
                () -> evaluation.getProfile(
                        GetProfileRequest.newBuilder().setKey(profile.getKey()).build()));
    }

    @Test
    void aProfileRequestThatCannotBeMetSaysWhy() throws Exception {
        String german =
                getClass().getResource("/datasets/german_credit.csv").toURI().toString();
        ProfiledFile file =
                ProfiledFile.newBuilder().setUri(german).setRole("train").build();
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "give 1 to 10 files to profile, not 0",
                () -> evaluation.profileDataset(ProfileDatasetRequest.getDefaultInstance()));
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "role 'train' is given twice",
                () -> evaluation.profileDataset(ProfileDatasetRequest.newBuilder()
                        .addFiles(file)
                        .addFiles(file)
                        .build()));
        assertStatus(
                Status.Code.NOT_FOUND,
                "no file at /nonexistent/test.csv (test)",
                () -> evaluation.profileDataset(ProfileDatasetRequest.newBuilder()
                        .addFiles(file)
                        .addFiles(ProfiledFile.newBuilder()
                                .setUri("/nonexistent/test.csv")
                                .setRole("test"))
                        .build()));
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "has no column 'label'",
                () -> evaluation.profileDataset(ProfileDatasetRequest.newBuilder()
                        .addFiles(file)
                        .setLabelColumn("label")
                        .build()));
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "must be 'profile:' and 64 lowercase hex digits",
                () -> evaluation.getProfile(
                        GetProfileRequest.newBuilder().setKey("sha256:1").build()));
    }

    @Test
    void rejectsBadRequestsWithAStatusThatSaysWhatToFix() {
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "run_id is required",
                () -> evaluation.evaluate(EvaluateRequest.getDefaultInstance()));
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "source is required",
                () -> evaluation.evaluate(EvaluateRequest.newBuilder()
                        .setRunId(UUID.randomUUID().toString())
                        .build()));
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "1 labels but 2 predictions",
                () -> evaluation.evaluate(EvaluateRequest.newBuilder()
                        .setRunId(UUID.randomUUID().toString())
                        .setSource(inline(List.of("a"), List.of("a", "b")))
                        .build()));
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "an inline source does not have: use source.file",
                () -> evaluation.evaluate(EvaluateRequest.newBuilder()
                        .setRunId(UUID.randomUUID().toString())
                        .setSource(inline(List.of("a"), List.of("a")))
                        .setOptions(EvaluationOptions.newBuilder()
                                .addSlices(SliceSpec.newBuilder().addColumns("x")))
                        .build()));
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "options.query_column is required for ranking",
                () -> evaluation.evaluate(EvaluateRequest.newBuilder()
                        .setRunId(UUID.randomUUID().toString())
                        .setSource(PredictionSource.newBuilder()
                                .setFile(PredictionFile.newBuilder()
                                        .setUri("/x.csv")
                                        .setLabelColumn("y")
                                        .setPredictionColumn("p")))
                        .setOptions(EvaluationOptions.newBuilder().setTask(Task.TASK_RANKING))
                        .build()));
        PredictionSource regressionFile = PredictionSource.newBuilder()
                .setFile(PredictionFile.newBuilder()
                        .setUri("/x.csv")
                        .setLabelColumn("y")
                        .setPredictionColumn("p"))
                .build();
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "options.quantile is 1.5; it is the alpha a quantile model predicts, in (0, 1)",
                () -> evaluation.evaluate(EvaluateRequest.newBuilder()
                        .setRunId(UUID.randomUUID().toString())
                        .setSource(regressionFile)
                        .setOptions(EvaluationOptions.newBuilder()
                                .setTask(Task.TASK_REGRESSION)
                                .setQuantile(1.5))
                        .build()));
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "options.tweedie_power is 0.5; the Tweedie deviance is defined for powers ≤ 0 and ≥ 1",
                () -> evaluation.evaluate(EvaluateRequest.newBuilder()
                        .setRunId(UUID.randomUUID().toString())
                        .setSource(regressionFile)
                        .setOptions(EvaluationOptions.newBuilder()
                                .setTask(Task.TASK_REGRESSION)
                                .setTweediePower(0.5))
                        .build()));
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "options.quantile and options.tweedie_power are for a regression",
                () -> evaluation.evaluate(EvaluateRequest.newBuilder()
                        .setRunId(UUID.randomUUID().toString())
                        .setSource(regressionFile)
                        .setOptions(EvaluationOptions.newBuilder().setQuantile(0.9))
                        .build()));
        String unknown = UUID.randomUUID().toString();
        assertStatus(
                Status.Code.NOT_FOUND,
                "no evaluation with id " + unknown,
                () -> evaluation.getEvaluation(GetEvaluationRequest.newBuilder()
                        .setEvaluationId(unknown)
                        .build()));
    }

    private Evaluation awaitEvaluation(String evaluationId) {
        AtomicReference<Evaluation> seen = new AtomicReference<>();
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .ignoreException(StatusRuntimeException.class)
                .until(() -> {
                    seen.set(evaluation
                            .getEvaluation(GetEvaluationRequest.newBuilder()
                                    .setEvaluationId(evaluationId)
                                    .build())
                            .getEvaluation());
                    return true;
                });
        return seen.get();
    }

    /** The EvaluationFinished events for this evaluation on the topic, waiting until there is one. */
    private static List<EvaluationFinished> finishedEvents(String runId, String evaluationId) {
        Predicate<ConsumerRecord<String, byte[]>> match = r -> runId.equals(r.key())
                && EventCodec.decode(r.headers(), r.value()).type() == EventType.EVALUATION_FINISHED
                && EventCodec.decode(r.headers(), r.value())
                        .dataAs(EvaluationFinished.class)
                        .getEvaluationId()
                        .equals(evaluationId);
        assertTrue(
                !KafkaRecords.await(LocalKafka.bootstrapServers(), Topics.EVALUATIONS, match, Duration.ofSeconds(30))
                        .isEmpty(),
                "EvaluationFinished for " + evaluationId);
        return KafkaRecords.readToEnd(LocalKafka.bootstrapServers(), Topics.EVALUATIONS, match).stream()
                .map(r -> EventCodec.decode(r.headers(), r.value()).dataAs(EvaluationFinished.class))
                .toList();
    }

    private static PredictionSource inline(List<String> labels, List<String> predictions) {
        return PredictionSource.newBuilder()
                .setInline(InlinePredictions.newBuilder().addAllLabels(labels).addAllPredictions(predictions))
                .build();
    }
}
