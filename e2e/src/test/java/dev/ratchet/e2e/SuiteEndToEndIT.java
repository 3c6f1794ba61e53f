package dev.ratchet.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Timestamp;
import dev.ratchet.cli.RatchetCli;
import dev.ratchet.contract.events.CloudEvent;
import dev.ratchet.contract.events.EventCodec;
import dev.ratchet.contract.events.Topics;
import dev.ratchet.evaluation.v1.EvaluateRequest;
import dev.ratchet.evaluation.v1.EvaluationServiceGrpc;
import dev.ratchet.evaluation.v1.GetEvaluationRequest;
import dev.ratchet.evaluation.v1.GetProfileRequest;
import dev.ratchet.evaluation.v1.ProfileDatasetRequest;
import dev.ratchet.evaluation.v1.ProfileDatasetResponse;
import dev.ratchet.evaluation.v1.ProfiledFile;
import dev.ratchet.evaluation.v1.SplitDatasetRequest;
import dev.ratchet.evaluation.v1.SplitDatasetResponse;
import dev.ratchet.evaluation.v1.SplitStrategy;
import dev.ratchet.events.v1.ClassificationSummary;
import dev.ratchet.events.v1.Decision;
import dev.ratchet.events.v1.EvaluationOptions;
import dev.ratchet.events.v1.EvaluationStatus;
import dev.ratchet.events.v1.GateOptions;
import dev.ratchet.events.v1.InlinePredictions;
import dev.ratchet.events.v1.MetricContext;
import dev.ratchet.events.v1.MetricPoint;
import dev.ratchet.events.v1.MetricsLogged;
import dev.ratchet.events.v1.PartProfile;
import dev.ratchet.events.v1.PredictionFile;
import dev.ratchet.events.v1.PredictionSource;
import dev.ratchet.events.v1.SliceSpec;
import dev.ratchet.orchestration.v1.Budget;
import dev.ratchet.orchestration.v1.Categorical;
import dev.ratchet.orchestration.v1.CreateStudyRequest;
import dev.ratchet.orchestration.v1.Direction;
import dev.ratchet.orchestration.v1.FloatRange;
import dev.ratchet.orchestration.v1.GetBestTrialRequest;
import dev.ratchet.orchestration.v1.GetStudyRequest;
import dev.ratchet.orchestration.v1.JobTemplate;
import dev.ratchet.orchestration.v1.ListTrialsRequest;
import dev.ratchet.orchestration.v1.MedianPruner;
import dev.ratchet.orchestration.v1.Objective;
import dev.ratchet.orchestration.v1.OrchestrationServiceGrpc;
import dev.ratchet.orchestration.v1.ParamSpec;
import dev.ratchet.orchestration.v1.PrunerSpec;
import dev.ratchet.orchestration.v1.RequestEvaluationRequest;
import dev.ratchet.orchestration.v1.SamplerKind;
import dev.ratchet.orchestration.v1.SamplerSpec;
import dev.ratchet.orchestration.v1.SearchSpace;
import dev.ratchet.orchestration.v1.Study;
import dev.ratchet.orchestration.v1.StudyEndReason;
import dev.ratchet.orchestration.v1.StudyState;
import dev.ratchet.orchestration.v1.StudyTrial;
import dev.ratchet.orchestration.v1.SubmitRunRequest;
import dev.ratchet.orchestration.v1.TrialState;
import dev.ratchet.testing.KafkaRecords;
import dev.ratchet.testing.LocalKafka;
import dev.ratchet.testing.ServiceProcess;
import dev.ratchet.tracking.v1.Baseline;
import dev.ratchet.tracking.v1.DatasetInput;
import dev.ratchet.tracking.v1.DatasetRole;
import dev.ratchet.tracking.v1.DownloadArtifactRequest;
import dev.ratchet.tracking.v1.GetBaselineRequest;
import dev.ratchet.tracking.v1.GetDatasetProfileRequest;
import dev.ratchet.tracking.v1.GetMetricHistoryRequest;
import dev.ratchet.tracking.v1.GetRunRequest;
import dev.ratchet.tracking.v1.ListArtifactsRequest;
import dev.ratchet.tracking.v1.Run;
import dev.ratchet.tracking.v1.RunStatus;
import dev.ratchet.tracking.v1.TrackingServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The three services as separate processes, a real Kafka broker (KRaft, in this JVM) and a fresh
 * PostgreSQL database: a run submitted to the orchestrator reaches tracking, metrics logged by a
 * producer reach tracking, an evaluation requested through the orchestrator is computed by the
 * evaluation service and attached to the run in tracking; a study runs real training jobs through
 * the orchestrator's local executor, and survives the orchestrator being killed mid-study.
 */
class SuiteEndToEndIT {
    private static final String DATABASE = "ratchet_e2e";
    private static final String ADMIN_URL =
            System.getenv().getOrDefault("RATCHET_TEST_ADMIN_DB_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
    private static final String DB_USER = System.getenv().getOrDefault("RATCHET_DB_USER", "postgres");

    private static final List<ServiceProcess> services = new ArrayList<>();
    private static final List<ManagedChannel> channels = new ArrayList<>();
    private static Map<String, String> env;
    private static ServiceProcess tracking;
    private static TrackingServiceGrpc.TrackingServiceBlockingStub trackingApi;
    private static OrchestrationServiceGrpc.OrchestrationServiceBlockingStub orchestrationApi;
    private static EvaluationServiceGrpc.EvaluationServiceBlockingStub evaluationApi;

    @BeforeAll
    static void startSuite() throws Exception {
        recreateDatabase();
        env = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS",
                LocalKafka.bootstrapServers(),
                "RATCHET_DB_URL",
                ADMIN_URL.substring(0, ADMIN_URL.lastIndexOf('/') + 1) + DATABASE,
                "RATCHET_DB_USER",
                DB_USER,
                "RATCHET_ARTIFACTS_ROOT",
                Path.of("target", "e2e-artifacts").toAbsolutePath().toString(),
                // where the evaluation service stores its reports; tracking's own process gets the same port
                "RATCHET_TRACKING_GRPC_PORT",
                "29101",
                "RATCHET_ORCHESTRATOR_LOG_DIR",
                Path.of("target", "e2e-logs", "jobs").toAbsolutePath().toString());
        tracking = ServiceProcess.start("tracking", 28101, 29101, env);
        services.add(tracking);
        services.add(ServiceProcess.start("orchestrator", 28102, 29102, env));
        services.add(ServiceProcess.start("evaluation", 28103, 29103, env));
        for (ServiceProcess service : services) {
            service.awaitReady(Duration.ofMinutes(3));
        }
        trackingApi = TrackingServiceGrpc.newBlockingStub(channel(services.get(0)));
        orchestrationApi = OrchestrationServiceGrpc.newBlockingStub(channel(services.get(1)));
        evaluationApi = EvaluationServiceGrpc.newBlockingStub(channel(services.get(2)));
    }

    @AfterAll
    static void stopSuite() throws InterruptedException {
        channels.forEach(ManagedChannel::shutdownNow);
        for (ServiceProcess service : services) {
            service.close();
        }
    }

    @Test
    void aRunItsMetricsAndItsEvaluationFlowThroughTheThreeServices() {
        String runId = orchestrationApi
                .submitRun(SubmitRunRequest.newBuilder()
                        .setExperimentName("german-credit")
                        .setRunName("baseline")
                        .putParams("model", "majority")
                        .build())
                .getRunId();
        Run started = awaitRun(runId, r -> r.getStatus() == RunStatus.RUN_STATUS_RUNNING);
        assertEquals("german-credit", started.getExperimentName());
        assertEquals("majority", started.getParamsOrThrow("model"));

        // A training job logs its loss curve in three batches, straight to Kafka.
        for (int batch = 0; batch < 3; batch++) {
            int first = batch * 10;
            send(CloudEvent.create(
                    "trainer",
                    runId,
                    MetricsLogged.newBuilder()
                            .setRunId(runId)
                            .addAllPoints(IntStream.range(first, first + 10)
                                    .mapToObj(step -> MetricPoint.newBuilder()
                                            .setKey("loss")
                                            .setStep(step)
                                            .setValue(1.0 / (step + 1))
                                            .setContext(MetricContext.METRIC_CONTEXT_TRAIN)
                                            .setTimestamp(Timestamp.newBuilder().setSeconds(1_700_000_000L + step))
                                            .build())
                                    .toList())
                            .build()));
        }
        Run withMetrics =
                awaitRun(runId, r -> r.getMetricsCount() == 1 && r.getMetrics(0).getPointCount() == 30);
        assertEquals(29, withMetrics.getMetrics(0).getLastStep());
        assertEquals(
                30,
                trackingApi
                        .getMetricHistory(GetMetricHistoryRequest.newBuilder()
                                .setRunId(runId)
                                .setKey("loss")
                                .build())
                        .getPointsCount());

        String evaluationId = orchestrationApi
                .requestEvaluation(RequestEvaluationRequest.newBuilder()
                        .setRunId(runId)
                        .setSource(PredictionSource.newBuilder()
                                .setInline(InlinePredictions.newBuilder()
                                        .addAllLabels(List.of("good", "good", "good", "bad", "bad"))
                                        .addAllPredictions(List.of("good", "good", "bad", "bad", "good"))))
                        .build())
                .getEvaluationId();
        Run evaluated = awaitRun(
                runId,
                r -> r.getEvaluationsCount() == 1
                        && r.getEvaluations(0).getStatus() == EvaluationStatus.EVALUATION_STATUS_SUCCEEDED);
        ClassificationSummary summary = evaluated.getEvaluations(0).getSummary();
        assertEquals(evaluationId, evaluated.getEvaluations(0).getEvaluationId());
        assertEquals(0.6, summary.getAccuracy(), 1e-15);
        assertEquals(List.of("bad", "good"), summary.getConfusionMatrix().getLabelsList());
        assertEquals(List.of(1L, 1L), summary.getConfusionMatrix().getRows(0).getCountsList());
        assertEquals(List.of(1L, 2L), summary.getConfusionMatrix().getRows(1).getCountsList());
        assertEquals(
                summary,
                evaluationApi
                        .getEvaluation(GetEvaluationRequest.newBuilder()
                                .setEvaluationId(evaluationId)
                                .build())
                        .getEvaluation()
                        .getSummary());
    }

    @Test
    void anEvaluationThatBeatsTheBaselineTurnsTheRatchetAndLeavesItsReportInTracking() throws Exception {
        String runId = orchestrationApi
                .submitRun(SubmitRunRequest.newBuilder()
                        .setExperimentName("ratchet-" + System.nanoTime())
                        .setRunName("boosted")
                        .build())
                .getRunId();
        Run run = awaitRun(runId, r -> r.getStatus() == RunStatus.RUN_STATUS_RUNNING);

        // 200 rows: the candidate is right on 180, the majority-class baseline on 100
        List<String> rows = new ArrayList<>(List.of("truth,candidate,majority,segment"));
        for (int i = 0; i < 200; i++) {
            String truth = i % 2 == 0 ? "good" : "bad";
            String candidate = i % 10 == 0 ? (truth.equals("good") ? "bad" : "good") : truth;
            rows.add(truth + "," + candidate + ",good," + (i < 100 ? "a" : "b"));
        }
        Path file = java.nio.file.Files.write(Path.of("target", "e2e-gate.csv").toAbsolutePath(), rows);
        String evaluationId = orchestrationApi
                .requestEvaluation(RequestEvaluationRequest.newBuilder()
                        .setRunId(runId)
                        .setSource(PredictionSource.newBuilder()
                                .setFile(PredictionFile.newBuilder()
                                        .setUri(file.toUri().toString())
                                        .setLabelColumn("truth")
                                        .setPredictionColumn("candidate")))
                        .setOptions(EvaluationOptions.newBuilder()
                                .addSlices(SliceSpec.newBuilder().addColumns("segment"))
                                .setGate(GateOptions.newBuilder().setBaselinePredictionColumn("majority")))
                        .build())
                .getEvaluationId();

        Run evaluated = awaitRun(
                runId,
                r -> r.getEvaluationsCount() == 1
                        && r.getEvaluations(0).getStatus() == EvaluationStatus.EVALUATION_STATUS_SUCCEEDED);
        assertEquals(
                Decision.DECISION_PROMOTE,
                evaluated.getEvaluations(0).getVerdict().getDecision(),
                evaluated.getEvaluations(0).getVerdict().toString());
        AtomicReference<Baseline> baseline = new AtomicReference<>();
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .ignoreException(StatusRuntimeException.class)
                .until(() -> {
                    baseline.set(trackingApi
                            .getBaseline(GetBaselineRequest.newBuilder()
                                    .setExperimentId(run.getExperimentId())
                                    .build())
                            .getBaseline());
                    return true;
                });
        assertEquals(runId, baseline.get().getRunId());
        assertEquals(0.9, baseline.get().getValue(), 1e-12);
        assertEquals("accuracy", baseline.get().getMetric());

        String path = "evaluations/" + evaluationId + "/report.html";
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(
                        () -> trackingApi
                                .listArtifacts(ListArtifactsRequest.newBuilder()
                                        .setRunId(runId)
                                        .build())
                                .getArtifactsList()
                                .stream()
                                .anyMatch(a -> a.getPath().equals(path)));
    }

    @Test
    void anEvaluationAskedForOverGrpcLeavesItsReportInTracking() throws Exception {
        String runId = orchestrationApi
                .submitRun(SubmitRunRequest.newBuilder()
                        .setExperimentName("direct-" + System.nanoTime())
                        .setRunName("direct")
                        .build())
                .getRunId();
        awaitRun(runId, r -> r.getStatus() == RunStatus.RUN_STATUS_RUNNING);

        // the upload used to run in the Evaluate call's gRPC context and was cancelled when the call ended
        String evaluationId = evaluationApi
                .evaluate(EvaluateRequest.newBuilder()
                        .setRunId(runId)
                        .setSource(PredictionSource.newBuilder()
                                .setInline(InlinePredictions.newBuilder()
                                        .addAllLabels(List.of("a", "b", "a", "b"))
                                        .addAllPredictions(List.of("a", "b", "b", "b"))))
                        .build())
                .getEvaluation()
                .getEvaluationId();
        String path = "evaluations/" + evaluationId + "/report.html";
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(
                        () -> trackingApi
                                .listArtifacts(ListArtifactsRequest.newBuilder()
                                        .setRunId(runId)
                                        .build())
                                .getArtifactsList()
                                .stream()
                                .anyMatch(a -> a.getPath().equals(path)));
        StringBuilder page = new StringBuilder();
        trackingApi
                .downloadArtifact(DownloadArtifactRequest.newBuilder()
                        .setRunId(runId)
                        .setPath(path)
                        .build())
                .forEachRemaining(chunk -> page.append(chunk.getChunk().toStringUtf8()));
        assertTrue(page.toString().contains(evaluationId), "the stored page is the evaluation's report");
        assertTrue(page.toString().startsWith("<!doctype html>"), page.substring(0, Math.min(80, page.length())));
    }

    @Test
    void aSplitByPersonIsRecordedOnItsRunAsThreeDatasetsWithDigests() {
        String runId = orchestrationApi
                .submitRun(SubmitRunRequest.newBuilder()
                        .setExperimentName("split-" + System.nanoTime())
                        .setRunName("prepare data")
                        .build())
                .getRunId();
        awaitRun(runId, r -> r.getStatus() == RunStatus.RUN_STATUS_RUNNING);
        Path data = Path.of(
                        "..",
                        "services",
                        "evaluation",
                        "src",
                        "test",
                        "resources",
                        "datasets",
                        "psid7682_wages_panel.csv")
                .toAbsolutePath()
                .normalize();
        SplitDatasetResponse split = evaluationApi.splitDataset(SplitDatasetRequest.newBuilder()
                .setUri(data.toUri().toString())
                .setOutputDir(Path.of("target", "e2e-split").toAbsolutePath().toString())
                .setStrategy(SplitStrategy.SPLIT_STRATEGY_GROUP)
                .addGroupColumns("id")
                .setSeed(1)
                .setRunId(runId)
                .build());
        Run run = trackingApi
                .getRun(GetRunRequest.newBuilder().setRunId(runId).build())
                .getRun();
        assertEquals(
                List.of(
                        DatasetRole.DATASET_ROLE_TRAIN,
                        DatasetRole.DATASET_ROLE_VALIDATION,
                        DatasetRole.DATASET_ROLE_TEST),
                run.getDatasetsList().stream().map(DatasetInput::getRole).toList());
        for (int i = 0; i < 3; i++) {
            assertEquals(split.getParts(i).getDigest(), run.getDatasets(i).getDigest());
            assertEquals(split.getParts(i).getRows(), run.getDatasets(i).getRowCount());
        }
    }

    @Test
    void aSplitsProfileIsStoredInTrackingOnceAndServedAsAPage() throws Exception {
        Path data = Path.of("..", "services", "evaluation", "src", "test", "resources", "datasets", "german_credit.csv")
                .toAbsolutePath()
                .normalize();
        Path out = Path.of("target", "e2e-profile-split").toAbsolutePath();
        SplitDatasetResponse split = evaluationApi.splitDataset(SplitDatasetRequest.newBuilder()
                .setUri(data.toUri().toString())
                .setOutputDir(out.toString())
                .setStrategy(SplitStrategy.SPLIT_STRATEGY_RANDOM)
                .setLabelColumn("Class")
                .addIdColumns("row_id")
                .setSeed(3)
                .build());
        ProfileDatasetRequest.Builder request =
                ProfileDatasetRequest.newBuilder().setLabelColumn("Class").addIdColumns("row_id");
        split.getPartsList()
                .forEach(p -> request.addFiles(
                        ProfiledFile.newBuilder().setUri(p.getUri()).setRole(p.getRole())));

        ProfileDatasetResponse first = evaluationApi.profileDataset(request.build());
        assertFalse(first.getCached());
        assertTrue(
                first.getProfile().getWarningsList().stream().noneMatch(w -> w.startsWith("not stored")),
                first.getProfile().getWarningsList().toString());
        assertEquals(
                List.of("train", "validation", "test"),
                first.getProfile().getPartsList().stream()
                        .map(PartProfile::getRole)
                        .toList());
        ProfileDatasetResponse again = evaluationApi.profileDataset(request.build());
        assertTrue(again.getCached(), "the same files with the same options are profiled once");
        assertEquals(first.getProfile(), again.getProfile());
        assertEquals(
                first.getProfile(),
                trackingApi
                        .getDatasetProfile(GetDatasetProfileRequest.newBuilder()
                                .setKey(first.getProfile().getKey())
                                .build())
                        .getProfile(),
                "stored in tracking");
        assertEquals(
                first.getProfile(),
                evaluationApi
                        .getProfile(GetProfileRequest.newBuilder()
                                .setKey(first.getProfile().getKey())
                                .build())
                        .getProfile());

        HttpResponse<String> page = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:28103" + first.getReportPath()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<h3>Age <small>(number)</small></h3><table>"), "a section per column");
        assertTrue(
                page.body().contains("<title>test [") && page.body().contains("<title>train ["),
                "each part's histogram bars");
        assertTrue(
                page.body()
                        .contains("test: too few rows to measure a model on (fewer than 30) for " + "ForeignWorker=no"),
                "the small slice, named");
    }

    @Test
    void garbageOnTheMetricsTopicIsDeadLetteredAndTrackingStaysHealthy() throws Exception {
        String garbageKey = "e2e-garbage-" + System.nanoTime();
        KafkaRecords.send(
                LocalKafka.bootstrapServers(),
                new ProducerRecord<>(
                        Topics.METRICS, garbageKey, "{\"not\": \"protobuf\"}".getBytes(StandardCharsets.UTF_8)));
        assertFalse(
                KafkaRecords.await(
                                LocalKafka.bootstrapServers(),
                                "ratchet.tracking.dlq",
                                r -> garbageKey.equals(r.key()),
                                Duration.ofSeconds(60))
                        .isEmpty(),
                "garbage dead-lettered");
        assertEquals(200, tracking.readiness());

        String runId = orchestrationApi
                .submitRun(SubmitRunRequest.newBuilder()
                        .setExperimentName("after-garbage")
                        .build())
                .getRunId();
        send(CloudEvent.create(
                "trainer",
                runId,
                MetricsLogged.newBuilder()
                        .setRunId(runId)
                        .addPoints(MetricPoint.newBuilder()
                                .setKey("loss")
                                .setValue(0.3)
                                .setContext(MetricContext.METRIC_CONTEXT_TRAIN))
                        .build()));
        awaitRun(runId, r -> r.getMetricsCount() == 1);
    }

    /**
     * An ask/tell study with a constraint, driven from the CLI as a shell script would: created from
     * YAML with `constraints`, three configurations enqueued, each asked and told with its value and
     * constraint; `study trials` marks the one that violates it and `study status` names the best
     * feasible trial — not the infeasible one with the lower value.
     */
    @Test
    void aConstrainedAskTellStudyIsDrivenFromTheCli() throws Exception {
        Path yaml = Files.writeString(Files.createTempFile("constrained", ".yaml"), """
                name: cli-constrained
                experiment_name: cli-study
                objective: {metric: loss, direction: DIRECTION_MINIMIZE}
                max_trials: 3
                constraints: ["x - 1"]
                search_space:
                  params:
                    - name: x
                      float_range: {low: 0, high: 2}
                """);
        String studyId = cli("study", "create", "-f", yaml.toString()).strip();
        for (String x : List.of("1.5", "0.5", "0.8")) {
            cli("study", "enqueue", studyId, "-p", "x=" + x);
        }
        for (String x : List.of("1.5", "0.5", "0.8")) { // loss −x: larger is better, but x ≤ 1 is the constraint
            String[] asked = cli("study", "ask", studyId).strip().split("\\s+");
            assertEquals("x=" + x, asked[1]);
            String told = cli(
                    "study",
                    "tell",
                    studyId,
                    asked[0],
                    "--value",
                    "-" + x,
                    "--constraint",
                    String.valueOf(Double.parseDouble(x) - 1));
            assertEquals(x.equals("1.5"), told.contains("infeasible"), told);
        }
        String trials = cli("study", "trials", studyId);
        assertTrue(trials.contains("violated 0.500"), trials);
        assertTrue(trials.contains("ok -0.200"), trials);
        String status = cli("study", "status", studyId);
        assertTrue(status.contains("constraints x - 1 (feasible when each is at most 0)"), status);
        assertTrue(status.contains("best        #2 = -0.8"), status);
    }

    /** The CLI's output for these arguments, run against this suite's orchestrator; it must exit 0. */
    private static String cli(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new RatchetCli());
        cli.setOut(new PrintWriter(out, true));
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--orchestrator", "127.0.0.1:29102"));
        assertEquals(0, cli.execute(all.toArray(String[]::new)), String.join(" ", args) + ": " + out);
        return out.toString();
    }

    @Test
    void aStudyTrainsRealModelsInParallelWithPruningAndATimeBoxAndTrackingHoldsEveryTrial() {
        String studyId = orchestrationApi
                .createStudy(creditStudy(
                                "lr-search",
                                creditLogistic(15),
                                8,
                                Budget.newBuilder()
                                        .setMaxParallelTrials(2)
                                        .setDeadline(Timestamp.newBuilder()
                                                .setSeconds(Instant.now().getEpochSecond() + 600))
                                        .build())
                        .setPruner(PrunerSpec.newBuilder()
                                .setMedian(MedianPruner.newBuilder()
                                        .setStartupTrials(3)
                                        .setWarmupSteps(3)))
                        .build())
                .getStudy()
                .getStudyId();
        Study ended = awaitStudyEnd(studyId, Duration.ofMinutes(4));
        assertEquals(StudyEndReason.STUDY_END_REASON_BUDGET_SPENT, ended.getEndReason());

        List<StudyTrial> trials = trials(studyId);
        assertEquals(8, trials.size());
        StudyTrial best = orchestrationApi
                .getBestTrial(
                        GetBestTrialRequest.newBuilder().setStudyId(studyId).build())
                .getTrial();
        for (StudyTrial trial : trials) {
            assertTrue(
                    trial.getState() == TrialState.TRIAL_STATE_COMPLETE
                            || trial.getState() == TrialState.TRIAL_STATE_PRUNED,
                    trial.toString());
            Run run = awaitRun(
                    trial.getRunId(),
                    r -> r.getStatus()
                            == (trial.getState() == TrialState.TRIAL_STATE_COMPLETE
                                    ? RunStatus.RUN_STATUS_FINISHED
                                    : RunStatus.RUN_STATUS_KILLED));
            assertEquals(studyId, run.getStudyId());
            assertEquals("german-credit-hpo", run.getExperimentName());
            assertEquals(
                    String.valueOf(trial.getParamsOrThrow("learning-rate").getDoubleValue()),
                    run.getParamsOrThrow("learning-rate"));
            // the trial's params reach tracking typed, as the study suggested them
            assertEquals(trial.getParamsOrThrow("learning-rate"), run.getTypedParamsOrThrow("learning-rate"));
            assertTrue(best.getValue() <= trial.getValue() || trial.getState() != TrialState.TRIAL_STATE_COMPLETE);
        }
        // The best trial's objective is the last validation loss its run holds in tracking.
        List<MetricPoint> curve = trackingApi
                .getMetricHistory(GetMetricHistoryRequest.newBuilder()
                        .setRunId(best.getRunId())
                        .setKey("loss")
                        .setContext(MetricContext.METRIC_CONTEXT_VALIDATION)
                        .build())
                .getPointsList();
        assertEquals(15, curve.size());
        assertEquals(best.getValue(), curve.get(curve.size() - 1).getValue(), 0);
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> trackingApi
                        .listArtifacts(ListArtifactsRequest.newBuilder()
                                .setRunId(best.getRunId())
                                .build())
                        .getArtifactsList()
                        .stream()
                        .anyMatch(a -> a.getPath().equals("logs/job.log")));
        assertEquals(0, jobProcesses());
    }

    @Test
    void aStudySurvivesTheOrchestratorBeingKilledMidStudy() throws Exception {
        String studyId = orchestrationApi
                .createStudy(creditStudy(
                                "restart",
                                creditLogistic(400),
                                5,
                                Budget.newBuilder()
                                        .setMaxParallelTrials(2)
                                        .setMaxRetries(1)
                                        .build())
                        .build())
                .getStudy()
                .getStudyId();
        // Both first trials are training (their runs have logged to tracking) when the orchestrator dies.
        Awaitility.await()
                .atMost(Duration.ofMinutes(2))
                .ignoreException(StatusRuntimeException.class)
                .until(() -> {
                    List<StudyTrial> running = trials(studyId);
                    return running.size() == 2
                            && running.stream()
                                    .allMatch(t -> t.getState() == TrialState.TRIAL_STATE_RUNNING
                                            && trackingApi
                                                            .getRun(GetRunRequest.newBuilder()
                                                                    .setRunId(t.getRunId())
                                                                    .build())
                                                            .getRun()
                                                            .getMetricsCount()
                                                    > 0);
                });
        ServiceProcess orchestrator = services.get(1);
        orchestrator.kill();
        assertEquals(2, jobProcesses(), "the jobs outlive the killed orchestrator");
        ServiceProcess restarted =
                ServiceProcess.start("orchestrator", orchestrator.httpPort(), orchestrator.grpcPort(), env);
        services.set(1, restarted);
        restarted.awaitReady(Duration.ofMinutes(3));

        Study ended = awaitStudyEnd(studyId, Duration.ofMinutes(6));
        assertEquals(StudyEndReason.STUDY_END_REASON_BUDGET_SPENT, ended.getEndReason());
        List<StudyTrial> trials = trials(studyId);
        assertEquals(
                List.of(0, 1, 2, 3, 4),
                trials.stream().map(StudyTrial::getNumber).toList(),
                "no lost or" + " duplicated trial number");
        for (int lost = 0; lost < 2; lost++) {
            StudyTrial failed = trials.get(lost);
            assertEquals(TrialState.TRIAL_STATE_FAILED, failed.getState());
            assertTrue(failed.getMessage().contains("restarted"), failed.getMessage());
            int number = lost;
            List<StudyTrial> retries =
                    trials.stream().filter(t -> t.getRetryOf() == number).toList();
            assertEquals(1, retries.size(), "one retry of trial " + lost);
            assertEquals(failed.getParamsMap(), retries.get(0).getParamsMap());
            awaitRun(failed.getRunId(), r -> r.getStatus() == RunStatus.RUN_STATUS_FAILED);
        }
        assertEquals(
                3,
                trials.stream()
                        .filter(t -> t.getState() == TrialState.TRIAL_STATE_COMPLETE)
                        .count());
        assertEquals(0, jobProcesses(), "the orphaned jobs were stopped");
    }

    /** The credit-logistic example job over the German credit data, parameters as arguments. */
    private static JobTemplate creditLogistic(int epochs) {
        Path jar = Path.of("..", "examples", "credit-logistic", "target", "credit-logistic.jar")
                .toAbsolutePath();
        Path data = Path.of("..", "services", "evaluation", "src", "test", "resources", "datasets", "german_credit.csv")
                .toAbsolutePath()
                .normalize();
        return JobTemplate.newBuilder()
                .addCommand(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString())
                .addCommand("-Xmx128m")
                .addCommand("-jar")
                .addCommand(jar.normalize().toString())
                .addCommand("--data=" + data)
                .addCommand("--epochs=" + epochs)
                .build();
    }

    private static CreateStudyRequest.Builder creditStudy(String name, JobTemplate job, int maxTrials, Budget budget) {
        return CreateStudyRequest.newBuilder()
                .setName(name)
                .setExperimentName("german-credit-hpo")
                .setMaxTrials(maxTrials)
                .setObjective(Objective.newBuilder()
                        .setMetric("loss")
                        .setDirection(Direction.DIRECTION_MINIMIZE)
                        .setContext(MetricContext.METRIC_CONTEXT_VALIDATION))
                .setSearchSpace(SearchSpace.newBuilder()
                        .addParams(ParamSpec.newBuilder()
                                .setName("learning-rate")
                                .setFloatRange(FloatRange.newBuilder()
                                        .setLow(0.005)
                                        .setHigh(1)
                                        .setLog(true)))
                        .addParams(ParamSpec.newBuilder()
                                .setName("l2")
                                .setFloatRange(FloatRange.newBuilder()
                                        .setLow(1e-5)
                                        .setHigh(0.1)
                                        .setLog(true)))
                        .addParams(ParamSpec.newBuilder()
                                .setName("batch-size")
                                .setCategorical(Categorical.newBuilder()
                                        .addChoices("16")
                                        .addChoices("64"))))
                .setSampler(SamplerSpec.newBuilder()
                        .setKind(SamplerKind.SAMPLER_KIND_TPE)
                        .setSeed(1))
                .setJob(job)
                .setBudget(budget);
    }

    private static Study awaitStudyEnd(String studyId, Duration atMost) {
        Awaitility.await()
                .atMost(atMost)
                .pollInterval(Duration.ofMillis(500))
                .ignoreException(StatusRuntimeException.class)
                .until(() -> study(studyId).getState() == StudyState.STUDY_STATE_FINISHED);
        return study(studyId);
    }

    private static Study study(String studyId) {
        return orchestrationApi
                .getStudy(GetStudyRequest.newBuilder().setStudyId(studyId).build())
                .getStudy();
    }

    private static List<StudyTrial> trials(String studyId) {
        return orchestrationApi
                .listTrials(ListTrialsRequest.newBuilder().setStudyId(studyId).build())
                .getTrialsList();
    }

    private static long jobProcesses() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains("credit-logistic.jar"))
                .count();
    }

    private static Run awaitRun(String runId, Predicate<Run> condition) {
        AtomicReference<Run> seen = new AtomicReference<>();
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .ignoreException(StatusRuntimeException.class)
                .until(() -> {
                    seen.set(trackingApi
                            .getRun(GetRunRequest.newBuilder().setRunId(runId).build())
                            .getRun());
                    return condition.test(seen.get());
                });
        return seen.get();
    }

    private static void send(CloudEvent event) {
        KafkaRecords.send(LocalKafka.bootstrapServers(), EventCodec.record(event));
    }

    private static ManagedChannel channel(ServiceProcess service) {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", service.grpcPort())
                .usePlaintext()
                .build();
        channels.add(channel);
        return channel;
    }

    private static void recreateDatabase() throws Exception {
        try (Connection admin = DriverManager.getConnection(ADMIN_URL, DB_USER, "");
                Statement sql = admin.createStatement()) {
            sql.execute("drop database if exists " + DATABASE + " with (force)");
            sql.execute("create database " + DATABASE);
        }
    }
}
