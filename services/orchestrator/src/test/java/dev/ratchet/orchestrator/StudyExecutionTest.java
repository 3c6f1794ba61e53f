package dev.ratchet.orchestrator;

import static dev.ratchet.testing.GrpcAssertions.assertStatus;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Timestamp;
import dev.ratchet.contract.events.EventCodec;
import dev.ratchet.contract.events.Topics;
import dev.ratchet.events.v1.EvaluationRequested;
import dev.ratchet.events.v1.MetricContext;
import dev.ratchet.events.v1.PredictionFile;
import dev.ratchet.events.v1.PredictionSource;
import dev.ratchet.events.v1.RunFinished;
import dev.ratchet.events.v1.RunOutcome;
import dev.ratchet.events.v1.StudyFinished;
import dev.ratchet.orchestration.v1.AskTrialRequest;
import dev.ratchet.orchestration.v1.BestTrialEvaluation;
import dev.ratchet.orchestration.v1.Budget;
import dev.ratchet.orchestration.v1.CancelStudyRequest;
import dev.ratchet.orchestration.v1.CreateStudyRequest;
import dev.ratchet.orchestration.v1.Direction;
import dev.ratchet.orchestration.v1.ExecutorKind;
import dev.ratchet.orchestration.v1.FloatRange;
import dev.ratchet.orchestration.v1.GetBestTrialRequest;
import dev.ratchet.orchestration.v1.GetStudyRequest;
import dev.ratchet.orchestration.v1.HyperbandPruner;
import dev.ratchet.orchestration.v1.JobTemplate;
import dev.ratchet.orchestration.v1.ListTrialsRequest;
import dev.ratchet.orchestration.v1.ListTrialsResponse;
import dev.ratchet.orchestration.v1.MedianPruner;
import dev.ratchet.orchestration.v1.Objective;
import dev.ratchet.orchestration.v1.OrchestrationServiceGrpc.OrchestrationServiceBlockingStub;
import dev.ratchet.orchestration.v1.ParamPassing;
import dev.ratchet.orchestration.v1.ParamSpec;
import dev.ratchet.orchestration.v1.PrunerSpec;
import dev.ratchet.orchestration.v1.SamplerKind;
import dev.ratchet.orchestration.v1.SamplerSpec;
import dev.ratchet.orchestration.v1.SearchSpace;
import dev.ratchet.orchestration.v1.StudyEndReason;
import dev.ratchet.orchestration.v1.StudyState;
import dev.ratchet.orchestration.v1.StudyTrial;
import dev.ratchet.orchestration.v1.SubmitRunRequest;
import dev.ratchet.orchestration.v1.TrialState;
import dev.ratchet.orchestrator.jobs.QuadraticJob;
import dev.ratchet.testing.KafkaBrokerResource;
import dev.ratchet.testing.KafkaRecords;
import dev.ratchet.testing.LocalKafka;
import io.grpc.Status;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Studies that run their own trials: real job processes started by the local executor, their
 * metrics through the real broker, the study's state in PostgreSQL.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
class StudyExecutionTest {
    @GrpcClient("orchestration")
    OrchestrationServiceBlockingStub orchestration;

    static JobTemplate quadraticJob(long stepMillis) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return JobTemplate.newBuilder()
                .addCommand(java.toString())
                .addCommand("-Xmx64m")
                .addCommand("-XX:TieredStopAtLevel=1")
                .addCommand("-cp")
                .addCommand(System.getProperty("java.class.path"))
                .addCommand(QuadraticJob.class.getName())
                .putEnv("KAFKA_BOOTSTRAP", LocalKafka.bootstrapServers())
                .putEnv("STEP_MILLIS", String.valueOf(stepMillis))
                .build();
    }

    static CreateStudyRequest.Builder study(String name, JobTemplate job, int maxTrials, Budget budget) {
        return CreateStudyRequest.newBuilder()
                .setName(name)
                .setExperimentName("quadratic")
                .setMaxTrials(maxTrials)
                .setObjective(Objective.newBuilder()
                        .setMetric("loss")
                        .setDirection(Direction.DIRECTION_MINIMIZE)
                        .setContext(MetricContext.METRIC_CONTEXT_VALIDATION))
                .setSearchSpace(SearchSpace.newBuilder()
                        .addParams(ParamSpec.newBuilder()
                                .setName("x")
                                .setFloatRange(FloatRange.newBuilder().setLow(0).setHigh(5))))
                .setJob(job)
                .setBudget(budget);
    }

    ListTrialsResponse trials(String studyId) {
        return orchestration.listTrials(
                ListTrialsRequest.newBuilder().setStudyId(studyId).build());
    }

    dev.ratchet.orchestration.v1.Study awaitEnd(String studyId, Duration atMost) {
        await().atMost(atMost)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> orchestration
                                .getStudy(GetStudyRequest.newBuilder()
                                        .setStudyId(studyId)
                                        .build())
                                .getStudy()
                                .getState()
                        == StudyState.STUDY_STATE_FINISHED);
        return orchestration
                .getStudy(GetStudyRequest.newBuilder().setStudyId(studyId).build())
                .getStudy();
    }

    @Test
    void aGridStudyRunsItsTrialsCompletesPrunesAndFailsThemAndNamesTheBest() {
        // One trial at a time, so which trials the median rule stops does not depend on timing.
        String studyId = orchestration
                .createStudy(study(
                                "grid",
                                quadraticJob(50),
                                8,
                                Budget.newBuilder().setMaxParallelTrials(1).build())
                        .setSampler(SamplerSpec.newBuilder()
                                .setKind(SamplerKind.SAMPLER_KIND_GRID)
                                .setSeed(3)
                                .setGridPoints(8))
                        .setPruner(PrunerSpec.newBuilder()
                                .setMedian(MedianPruner.newBuilder()
                                        .setStartupTrials(1)
                                        .setWarmupSteps(2)))
                        .setEvaluateBest(BestTrialEvaluation.newBuilder()
                                .setSource(PredictionSource.newBuilder()
                                        .setFile(PredictionFile.newBuilder()
                                                .setUri("file:///data/predictions/{run_id}.csv")
                                                .setLabelColumn("y")
                                                .setPredictionColumn("y_hat"))))
                        .build())
                .getStudy()
                .getStudyId();
        dev.ratchet.orchestration.v1.Study ended = awaitEnd(studyId, Duration.ofMinutes(3));
        assertEquals(StudyEndReason.STUDY_END_REASON_BUDGET_SPENT, ended.getEndReason());

        List<StudyTrial> trials = trials(studyId).getTrialsList();
        assertEquals(8, trials.size());
        Map<TrialState, Long> states =
                trials.stream().collect(Collectors.groupingBy(StudyTrial::getState, Collectors.counting()));
        assertEquals(1, states.get(TrialState.TRIAL_STATE_FAILED), states.toString());
        assertTrue(states.getOrDefault(TrialState.TRIAL_STATE_PRUNED, 0L) >= 1, states.toString());
        for (StudyTrial trial : trials) {
            double x = trial.getParamsOrThrow("x").getDoubleValue();
            switch (trial.getState()) {
                case TRIAL_STATE_COMPLETE -> {
                    // the last validation value: the train values (99) at the same steps are not the objective
                    assertEquals(QuadraticJob.loss(x, QuadraticJob.STEPS - 1), trial.getValue(), 1e-12);
                    assertEquals(QuadraticJob.STEPS - 1, trial.getLastStep());
                }
                case TRIAL_STATE_FAILED -> {
                    assertTrue(x > 4.5, "x=" + x);
                    assertTrue(
                            trial.getMessage().contains("exit status 3")
                                    && trial.getMessage().contains("diverged"),
                            trial.getMessage());
                }
                case TRIAL_STATE_PRUNED -> {
                    assertTrue(trial.getMessage().startsWith("pruned at step"), trial.getMessage());
                    assertTrue(
                            trial.getLastStep() >= 2 && trial.getLastStep() < QuadraticJob.STEPS - 1,
                            "stopped early, after the warmup: " + trial);
                }
                default -> throw new AssertionError("unexpected " + trial);
            }
        }
        StudyTrial best = orchestration
                .getBestTrial(
                        GetBestTrialRequest.newBuilder().setStudyId(studyId).build())
                .getTrial();
        assertEquals(
                trials.stream()
                        .filter(t -> t.getState() == TrialState.TRIAL_STATE_COMPLETE)
                        .mapToDouble(StudyTrial::getValue)
                        .min()
                        .orElseThrow(),
                best.getValue());

        StudyFinished finished = studyEvents(studyId, StudyFinished.class).get(0);
        assertEquals("BUDGET_SPENT", finished.getReason());
        assertEquals(best.getNumber(), finished.getBestTrialNumber());
        assertEquals(states.get(TrialState.TRIAL_STATE_PRUNED).intValue(), finished.getPrunedTrials());
        // the best trial's predictions are sent to evaluation, under its own run id
        EvaluationRequested evaluation = KafkaRecords.readToEnd(
                        LocalKafka.bootstrapServers(),
                        Topics.EVALUATIONS,
                        r -> best.getRunId().equals(r.key()))
                .stream()
                .map(r -> (EvaluationRequested)
                        EventCodec.decode(r.headers(), r.value()).data())
                .findFirst()
                .orElseThrow();
        assertEquals(finished.getEvaluationId(), evaluation.getEvaluationId());
        assertEquals(
                "file:///data/predictions/" + best.getRunId() + ".csv",
                evaluation.getSource().getFile().getUri());
        RunFinished pruned = runEvents(trials.stream()
                .filter(t -> t.getState() == TrialState.TRIAL_STATE_PRUNED)
                .findFirst()
                .orElseThrow()
                .getRunId());
        assertEquals(RunOutcome.RUN_OUTCOME_KILLED, pruned.getOutcome());
        assertStatus(
                Status.Code.FAILED_PRECONDITION,
                "runs its own trials",
                () -> orchestration.askTrial(
                        AskTrialRequest.newBuilder().setStudyId(studyId).build()));
    }

    @Test
    void parallelTrialsStopAtTheTimeBoxAndLeaveNoProcessBehind() {
        Instant deadline = Instant.now().plusSeconds(8);
        // each trial outlasts the time box, so that trials are running when it ends however slow the machine
        String studyId = orchestration
                .createStudy(study(
                                "time-boxed",
                                quadraticJob(1500),
                                100,
                                Budget.newBuilder()
                                        .setMaxParallelTrials(2)
                                        .setDeadline(Timestamp.newBuilder().setSeconds(deadline.getEpochSecond()))
                                        .build())
                        .setSampler(SamplerSpec.newBuilder()
                                .setKind(SamplerKind.SAMPLER_KIND_RANDOM)
                                .setSeed(1))
                        .build())
                .getStudy()
                .getStudyId();
        AtomicInteger mostAtOnce = new AtomicInteger();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(150))
                .until(() -> {
                    ListTrialsResponse now = trials(studyId);
                    mostAtOnce.accumulateAndGet(
                            (int) now.getTrialsList().stream()
                                    .filter(t -> t.getState() == TrialState.TRIAL_STATE_RUNNING)
                                    .count(),
                            Math::max);
                    return orchestration
                                    .getStudy(GetStudyRequest.newBuilder()
                                            .setStudyId(studyId)
                                            .build())
                                    .getStudy()
                                    .getState()
                            == StudyState.STUDY_STATE_FINISHED;
                });
        dev.ratchet.orchestration.v1.Study ended = orchestration
                .getStudy(GetStudyRequest.newBuilder().setStudyId(studyId).build())
                .getStudy();
        assertEquals(StudyEndReason.STUDY_END_REASON_TIME_BOX, ended.getEndReason());
        assertTrue(!Instant.ofEpochSecond(ended.getEndTime().getSeconds()).isBefore(deadline.minusSeconds(1)));
        assertEquals(2, mostAtOnce.get(), "two trials ran at once");
        List<StudyTrial> trials = trials(studyId).getTrialsList();
        assertTrue(trials.stream().anyMatch(t -> t.getState() == TrialState.TRIAL_STATE_CANCELLED), trials.toString());
        assertTrue(trials.stream().noneMatch(t -> t.getState() == TrialState.TRIAL_STATE_RUNNING));
        awaitNoJobProcesses();
    }

    @Test
    void aCancelledStudyStopsItsRunningTrials() {
        String studyId = orchestration
                .createStudy(study(
                                "cancelled",
                                quadraticJob(1000),
                                10,
                                Budget.newBuilder().setMaxParallelTrials(2).build())
                        .setSampler(SamplerSpec.newBuilder()
                                .setKind(SamplerKind.SAMPLER_KIND_RANDOM)
                                .setSeed(2))
                        .build())
                .getStudy()
                .getStudyId();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> trials(studyId).getTrialsList().stream()
                                .filter(t -> t.getState() == TrialState.TRIAL_STATE_RUNNING)
                                .count()
                        == 2);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !ProcessHandle.current().children().toList().isEmpty());
        dev.ratchet.orchestration.v1.Study cancelled = orchestration
                .cancelStudy(CancelStudyRequest.newBuilder().setStudyId(studyId).build())
                .getStudy();
        assertEquals(StudyEndReason.STUDY_END_REASON_CANCELLED, cancelled.getEndReason());
        assertEquals(
                cancelled,
                orchestration
                        .cancelStudy(CancelStudyRequest.newBuilder()
                                .setStudyId(studyId)
                                .build())
                        .getStudy(),
                "cancelling again changes nothing");
        assertTrue(trials(studyId).getTrialsList().stream()
                .allMatch(t -> t.getState() == TrialState.TRIAL_STATE_CANCELLED
                        && t.getMessage().contains("CANCELLED")));
        awaitNoJobProcesses();
    }

    @Test
    void aSubmittedRunWithAJobRunsAndEndsWithItsExitStatusAndLogTail() {
        String runId = orchestration
                .submitRun(SubmitRunRequest.newBuilder()
                        .setExperimentName("shell")
                        .putParams("learning-rate", "0.1")
                        .setJob(JobTemplate.newBuilder()
                                .addCommand("sh")
                                .addCommand("-c")
                                .addCommand("echo lr=$RATCHET_PARAM_LEARNING_RATE run=$RATCHET_RUN_ID; exit 2")
                                .setParamPassing(ParamPassing.PARAM_PASSING_ENV))
                        .build())
                .getRunId();
        await().atMost(Duration.ofSeconds(30)).until(() -> runEvents(runId) != null);
        RunFinished finished = runEvents(runId);
        assertEquals(RunOutcome.RUN_OUTCOME_FAILED, finished.getOutcome());
        assertTrue(finished.getMessage().startsWith("exit status 2"), finished.getMessage());
        assertTrue(finished.getMessage().contains("lr=0.1 run=" + runId), finished.getMessage());
    }

    /**
     * Hyperband through the service: each pruned trial stops at a rung of its own bracket (bracket b's
     * rungs sit at steps 3^b, 3^(b+1), …) and says which, so the stored history keeps the brackets'
     * rungs apart and places trials by the study's name and their number, as the pruner does alone.
     */
    @Test
    void aHyperbandStudyPrunesTrialsAtTheRungsOfTheirBrackets() {
        String studyId = orchestration
                .createStudy(study(
                                "hyperband",
                                quadraticJob(20),
                                9,
                                Budget.newBuilder().setMaxParallelTrials(1).build())
                        .setSampler(SamplerSpec.newBuilder()
                                .setKind(SamplerKind.SAMPLER_KIND_GRID)
                                .setSeed(5)
                                .setGridPoints(9))
                        .setPruner(PrunerSpec.newBuilder()
                                .setHyperband(HyperbandPruner.newBuilder().setMaxResource(QuadraticJob.STEPS)))
                        .build())
                .getStudy()
                .getStudyId();
        assertEquals(
                StudyEndReason.STUDY_END_REASON_BUDGET_SPENT,
                awaitEnd(studyId, Duration.ofMinutes(3)).getEndReason());
        var pruner = new dev.ratchet.orchestrator.pruning.HyperbandPruner(1, QuadraticJob.STEPS, 3);
        assertEquals(3, pruner.brackets());
        List<StudyTrial> pruned = trials(studyId).getTrialsList().stream()
                .filter(t -> t.getState() == TrialState.TRIAL_STATE_PRUNED)
                .toList();
        assertFalse(pruned.isEmpty(), trials(studyId).toString());
        for (StudyTrial trial : pruned) {
            int bracket = pruner.bracketOf("hyperband", trial.getNumber());
            long step = Long.parseLong(trial.getMessage().replaceFirst("pruned at step (\\d+): .*", "$1"));
            assertTrue(
                    trial.getMessage().startsWith("pruned at step " + step + ": bracket " + bracket + ":"),
                    trial.getMessage());
            assertTrue(step == 1 && bracket == 0 || step == 3 && bracket <= 1 || step == 9, trial.getMessage());
        }
    }

    @Test
    void badJobsAndBudgetsAreRefusedBeforeAnyTrialStarts() {
        JobTemplate missing =
                JobTemplate.newBuilder().addCommand("no-such-trainer-xyz").build();
        assertStatus(
                Status.Code.FAILED_PRECONDITION,
                "'no-such-trainer-xyz' is not an executable on the orchestrator's PATH",
                () -> orchestration.createStudy(
                        study("bad", missing, 5, Budget.getDefaultInstance()).build()));
        assertStatus(
                Status.Code.FAILED_PRECONDITION,
                "is not a directory",
                () -> orchestration.createStudy(study(
                                "bad",
                                quadraticJob(1).toBuilder()
                                        .setWorkingDir("/no/such/dir")
                                        .build(),
                                5,
                                Budget.getDefaultInstance())
                        .build()));
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "budget.deadline",
                () -> orchestration.createStudy(study(
                                "late",
                                quadraticJob(1),
                                5,
                                Budget.newBuilder()
                                        .setDeadline(Timestamp.newBuilder()
                                                .setSeconds(Instant.now().getEpochSecond() - 60))
                                        .build())
                        .build()));
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "needs a search_space",
                () -> orchestration.createStudy(study("no space", quadraticJob(1), 5, Budget.getDefaultInstance())
                        .clearSearchSpace()
                        .build()));
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "pruner needs a job",
                () -> orchestration.createStudy(study("ask/tell", quadraticJob(1), 5, Budget.getDefaultInstance())
                        .clearJob()
                        .setPruner(PrunerSpec.newBuilder().setMedian(MedianPruner.getDefaultInstance()))
                        .build()));
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "pruner: hyperband needs min_resource ≥ 1, max_resource >"
                        + " min_resource (the step at which a trial ends)",
                () -> orchestration.createStudy(study("hyperband", quadraticJob(1), 5, Budget.getDefaultInstance())
                        .setPruner(PrunerSpec.newBuilder().setHyperband(HyperbandPruner.getDefaultInstance()))
                        .build()));
        assertStatus(
                Status.Code.FAILED_PRECONDITION,
                "KUBERNETES is not enabled on this orchestrator",
                () -> orchestration.submitRun(SubmitRunRequest.newBuilder()
                        .setExperimentName("x")
                        .setJob(JobTemplate.newBuilder()
                                .setExecutor(ExecutorKind.EXECUTOR_KIND_KUBERNETES)
                                .setImage("trainer:1")
                                .addCommand("train"))
                        .build()));
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "job.command is empty",
                () -> orchestration.submitRun(SubmitRunRequest.newBuilder()
                        .setExperimentName("x")
                        .setJob(JobTemplate.getDefaultInstance())
                        .build()));
    }

    static void awaitNoJobProcesses() {
        await().atMost(Duration.ofSeconds(20))
                .until(() -> ProcessHandle.current()
                        .descendants()
                        .noneMatch(p -> p.info().commandLine().orElse("").contains(QuadraticJob.class.getName())));
    }

    static <T extends com.google.protobuf.Message> List<T> studyEvents(String studyId, Class<T> type) {
        return KafkaRecords.readToEnd(LocalKafka.bootstrapServers(), Topics.STUDIES, r -> studyId.equals(r.key()))
                .stream()
                .map(r -> EventCodec.decode(r.headers(), r.value()).data())
                .filter(type::isInstance)
                .map(type::cast)
                .toList();
    }

    static RunFinished runEvents(String runId) {
        return KafkaRecords.readToEnd(LocalKafka.bootstrapServers(), Topics.RUNS, r -> runId.equals(r.key())).stream()
                .map(r -> EventCodec.decode(r.headers(), r.value()).data())
                .filter(RunFinished.class::isInstance)
                .map(RunFinished.class::cast)
                .findFirst()
                .orElse(null);
    }
}
