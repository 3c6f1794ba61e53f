package dev.ratchet.cli.demo;

import dev.ratchet.cli.Endpoints;
import dev.ratchet.cli.Pages;
import dev.ratchet.evaluation.v1.Evaluation;
import dev.ratchet.evaluation.v1.EvaluationServiceGrpc;
import dev.ratchet.evaluation.v1.EvaluationServiceGrpc.EvaluationServiceBlockingStub;
import dev.ratchet.evaluation.v1.GetEvaluationRequest;
import dev.ratchet.evaluation.v1.ProfileDatasetRequest;
import dev.ratchet.evaluation.v1.ProfileDatasetResponse;
import dev.ratchet.evaluation.v1.ProfiledFile;
import dev.ratchet.evaluation.v1.SplitDatasetRequest;
import dev.ratchet.evaluation.v1.SplitDatasetResponse;
import dev.ratchet.evaluation.v1.SplitPart;
import dev.ratchet.evaluation.v1.SplitStrategy;
import dev.ratchet.events.v1.Decision;
import dev.ratchet.events.v1.PredictionFile;
import dev.ratchet.events.v1.PredictionSource;
import dev.ratchet.orchestration.v1.GetBestTrialRequest;
import dev.ratchet.orchestration.v1.GetStudyRequest;
import dev.ratchet.orchestration.v1.ListTrialsRequest;
import dev.ratchet.orchestration.v1.OrchestrationServiceGrpc;
import dev.ratchet.orchestration.v1.OrchestrationServiceGrpc.OrchestrationServiceBlockingStub;
import dev.ratchet.orchestration.v1.RequestEvaluationRequest;
import dev.ratchet.orchestration.v1.Study;
import dev.ratchet.orchestration.v1.StudyState;
import dev.ratchet.orchestration.v1.StudyTrial;
import dev.ratchet.orchestration.v1.SubmitRunRequest;
import dev.ratchet.orchestration.v1.TrialState;
import dev.ratchet.tracking.v1.Baseline;
import dev.ratchet.tracking.v1.CreateIdeaRequest;
import dev.ratchet.tracking.v1.Experiment;
import dev.ratchet.tracking.v1.GetBaselineRequest;
import dev.ratchet.tracking.v1.GetRunRequest;
import dev.ratchet.tracking.v1.Idea;
import dev.ratchet.tracking.v1.IdeaStatus;
import dev.ratchet.tracking.v1.ListExperimentsRequest;
import dev.ratchet.tracking.v1.ListIdeasRequest;
import dev.ratchet.tracking.v1.MetricDirection;
import dev.ratchet.tracking.v1.Run;
import dev.ratchet.tracking.v1.RunStatus;
import dev.ratchet.tracking.v1.SetBaselineRequest;
import dev.ratchet.tracking.v1.TrackingServiceGrpc;
import dev.ratchet.tracking.v1.TrackingServiceGrpc.TrackingServiceBlockingStub;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ratchet demo}: the whole loop on the German credit data through the running suite — a
 * leak-free split and its profile, a logistic-regression baseline, a time-boxed idea, a TPE study
 * of boosted trees run as local jobs with pruning, and the best trial evaluated against the
 * baseline on the held-out test rows; promoted only if the gate passes. Run twice, it reuses the
 * experiment and its current baseline, so the second run must beat the first's winner.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description =
                "Run the whole loop on german_credit.csv: split, baseline, idea, TPE study, evaluation gate, report.")
public class DemoCommand implements Callable<Integer> {
    private static final String IDEA = "Boosted trees beat logistic regression";

    @Mixin
    Endpoints endpoints;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--root",
            defaultValue = "${env:RATCHET_ROOT:-.}",
            description = "the repository (env RATCHET_ROOT)")
    Path root;

    @Option(
            names = "--home",
            defaultValue = "${env:RATCHET_HOME:-.local}",
            description = "where the demo's files go, under demo/ (env RATCHET_HOME; default ${DEFAULT-VALUE})")
    Path home;

    private PrintWriter out;
    private TrackingServiceBlockingStub tracking;
    private OrchestrationServiceBlockingStub orchestrator;
    private EvaluationServiceBlockingStub evaluation;

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        Path data =
                root.resolve("examples/data/german_credit.csv").toAbsolutePath().normalize();
        Path trainer = root.resolve("trainer/target/ratchet-trainer.jar")
                .toAbsolutePath()
                .normalize();
        if (!Files.isRegularFile(trainer)) {
            throw new IllegalStateException("no trainer at " + trainer + "; build it: ./mvnw install -DskipTests");
        }
        Path work = home.resolve("demo").toAbsolutePath().normalize();
        DemoPlan plan = new DemoPlan(trainer, work.resolve("split"), work.resolve("runs"));
        ManagedChannel trackingChannel = Endpoints.channel(endpoints.tracking);
        ManagedChannel orchestratorChannel = Endpoints.channel(endpoints.orchestrator);
        ManagedChannel evaluationChannel = Endpoints.channel(endpoints.evaluation);
        try {
            tracking = TrackingServiceGrpc.newBlockingStub(trackingChannel);
            orchestrator = OrchestrationServiceGrpc.newBlockingStub(orchestratorChannel);
            evaluation = EvaluationServiceGrpc.newBlockingStub(evaluationChannel);
            Instant started = Instant.now();
            out.println("Ratchet demo: German credit (" + data + "), label " + DemoPlan.LABEL + "\n");
            split(data, plan);
            String baselineRunId = baseline(plan);
            idea(experimentId(baselineRunId));
            StudyTrial best = study(plan);
            Evaluation result = evaluate(plan, best, baselineRunId);
            Path report = Pages.save(
                    endpoints.evaluationHttp,
                    "/evaluations/" + result.getEvaluationId() + "/report.html",
                    work.resolve("report.html"));
            new DemoSummary(out).print(result, baselineRunId, best, report, endpoints.evaluationHttp);
            awaitPromotion(result, best);
            out.printf(
                    "%ndone in %d s; in the console:%n",
                    Duration.between(started, Instant.now()).toSeconds());
            String console = "http://" + endpoints.console;
            out.println("   experiment  " + console + "/experiments/" + experimentId(baselineRunId));
            out.println("   study       " + console + "/studies/" + best.getStudyId());
            out.println("   evaluation  " + console + "/evaluations/" + result.getEvaluationId());
            return 0;
        } finally {
            Endpoints.close(trackingChannel);
            Endpoints.close(orchestratorChannel);
            Endpoints.close(evaluationChannel);
        }
    }

    /** Step 1: a random split stratified by the label, proven clean; its profile flags what is too small. */
    private void split(Path data, DemoPlan plan) {
        SplitDatasetResponse split = evaluation.splitDataset(SplitDatasetRequest.newBuilder()
                .setUri(data.toUri().toString())
                .setOutputDir(plan.part("train").getParent().toString())
                .setStrategy(SplitStrategy.SPLIT_STRATEGY_RANDOM)
                .setLabelColumn(DemoPlan.LABEL)
                .addIdColumns(DemoPlan.ID)
                .setSeed(42)
                .build());
        out.println("1. split     "
                + String.join(
                        " / ",
                        split.getPartsList().stream()
                                .map(p -> p.getRole() + " " + p.getRows())
                                .toList()) + " rows (random, stratified by "
                + DemoPlan.LABEL + ", seed 42); " + split.getChecksCount() + " leakage checks across the parts passed");
        ProfileDatasetRequest.Builder request = ProfileDatasetRequest.newBuilder()
                .setLabelColumn(DemoPlan.LABEL)
                .addIdColumns(DemoPlan.ID);
        for (SplitPart part : split.getPartsList()) {
            request.addFiles(ProfiledFile.newBuilder().setUri(part.getUri()).setRole(part.getRole()));
        }
        ProfileDatasetResponse profile = evaluation.profileDataset(request.build());
        out.println("   profile   http://" + endpoints.evaluationHttp + profile.getReportPath());
        // the page has every finding; here only the test part's smallest slice and any shifted column
        profile.getProfile().getWarningsList().stream()
                .filter(w -> w.contains("(PSI ") || w.startsWith("test: ") && w.contains("ForeignWorker="))
                .map(w -> w.contains("(PSI ")
                        ? w
                        : "test: " + w.substring(w.indexOf("ForeignWorker=")).replaceFirst("\\).*", ")")
                                + " is too small to measure a model on (fewer than "
                                + profile.getProfile().getMinSliceRows() + " rows); its slice will be flagged")
                .forEach(w -> out.println("             ! " + w));
        out.flush();
    }

    /** Step 2: the experiment's current baseline, or a logistic regression trained now and made the baseline. */
    private String baseline(DemoPlan plan) {
        Optional<Baseline> current = experiment()
                .flatMap(e -> {
                    try {
                        return Optional.of(tracking.getBaseline(GetBaselineRequest.newBuilder()
                                        .setExperimentId(e.getExperimentId())
                                        .build())
                                .getBaseline());
                    } catch (StatusRuntimeException notSet) {
                        return Optional.empty();
                    }
                })
                .filter(b -> Files.isRegularFile(plan.predictions(b.getRunId())));
        if (current.isPresent()) {
            out.printf(
                    "2. baseline  run %s (%s %.4f), kept from an earlier demo: the candidate must beat it%n",
                    current.get().getRunId(),
                    current.get().getMetric(),
                    current.get().getValue());
            return current.get().getRunId();
        }
        String runId = orchestrator
                .submitRun(SubmitRunRequest.newBuilder()
                        .setExperimentName(DemoPlan.EXPERIMENT)
                        .setRunName("baseline: logistic regression")
                        .setJob(plan.job("simple"))
                        .build())
                .getRunId();
        Run run = await("the baseline run " + runId, Duration.ofMinutes(3), () -> {
            Run seen = tracking.getRun(
                            GetRunRequest.newBuilder().setRunId(runId).build())
                    .getRun();
            if (seen.getStatus() == RunStatus.RUN_STATUS_FAILED || seen.getStatus() == RunStatus.RUN_STATUS_KILLED) {
                throw new IllegalStateException("the baseline run " + runId + " ended " + seen.getStatus()
                        + "; its log is the run's artifact logs/job.log");
            }
            return seen.getStatus() == RunStatus.RUN_STATUS_FINISHED ? seen : null;
        });
        // the trainer logs validation after training each round, so "auc" latest is the validation AUC
        Baseline baseline = tracking.setBaseline(SetBaselineRequest.newBuilder()
                        .setExperimentId(run.getExperimentId())
                        .setRunId(runId)
                        .setMetric("auc")
                        .setDirection(MetricDirection.METRIC_DIRECTION_MAXIMIZE)
                        .setReason("the simple model first: logistic regression")
                        .build())
                .getBaseline();
        out.printf(
                "2. baseline  logistic regression, run %s: validation AUC %.4f; now the baseline of %s%n",
                runId, baseline.getValue(), DemoPlan.EXPERIMENT);
        return runId;
    }

    /** Step 3: the hypothesis the study tests, with a time box (an open one is reused). */
    private void idea(String experimentId) {
        Optional<Idea> open =
                tracking
                        .listIdeas(ListIdeasRequest.newBuilder()
                                .setExperimentId(experimentId)
                                .build())
                        .getIdeasList()
                        .stream()
                        .filter(i -> i.getTitle().equals(IDEA) && i.getStatus() == IdeaStatus.IDEA_STATUS_OPEN)
                        .findFirst();
        Idea idea = open.orElseGet(() -> tracking.createIdea(CreateIdeaRequest.newBuilder()
                        .setExperimentId(experimentId)
                        .setTitle(IDEA)
                        .setHypothesis("Gradient-boosted trees capture interactions (amount × duration, age × "
                                + "employment) that a linear model cannot, and beat it on test AUC.")
                        .setOwner("demo")
                        .setTimeBoxDays(7)
                        .build())
                .getIdea());
        out.printf(
                "3. idea      \"%s\", open until %s%n",
                idea.getTitle(), Instant.ofEpochSecond(idea.getDeadline().getSeconds()));
    }

    /** Step 4: the TPE study, reporting as trials end; the best complete trial. */
    private StudyTrial study(DemoPlan plan) {
        String name = "boosted-trees-" + Instant.now().getEpochSecond();
        Study study = orchestrator.createStudy(plan.study(name)).getStudy();
        out.printf(
                "4. study     %s: TPE, %d trials, %d in parallel, median pruning, a %d-minute time box%n",
                name, DemoPlan.TRIALS, DemoPlan.PARALLEL, DemoPlan.STUDY_TIME_BOX.toMinutes());
        out.flush();
        String[] last = {""};
        Study ended = await("study " + name, DemoPlan.STUDY_TIME_BOX.plusMinutes(2), () -> {
            List<StudyTrial> trials = orchestrator
                    .listTrials(ListTrialsRequest.newBuilder()
                            .setStudyId(study.getStudyId())
                            .build())
                    .getTrialsList();
            String progress = progress(trials);
            if (!progress.equals(last[0])) {
                out.println("             " + progress);
                out.flush();
                last[0] = progress;
            }
            Study now = orchestrator
                    .getStudy(GetStudyRequest.newBuilder()
                            .setStudyId(study.getStudyId())
                            .build())
                    .getStudy();
            return now.getState() == StudyState.STUDY_STATE_FINISHED ? now : null;
        });
        StudyTrial best = orchestrator
                .getBestTrial(GetBestTrialRequest.newBuilder()
                        .setStudyId(study.getStudyId())
                        .build())
                .getTrial();
        out.printf(
                "             ended: %s; best trial #%d (run %s), validation AUC %.4f, %s%n",
                ended.getEndReason()
                        .name()
                        .replace("STUDY_END_REASON_", "")
                        .toLowerCase()
                        .replace('_', ' '),
                best.getNumber(),
                best.getRunId(),
                best.getValue(),
                params(best));
        return best;
    }

    /** Step 5: the best trial against the baseline on the test rows, through the orchestrator. */
    private Evaluation evaluate(DemoPlan plan, StudyTrial best, String baselineRunId) throws Exception {
        Path joined = plan.predictions(best.getRunId()).resolveSibling("with-baseline.csv");
        PredictionsJoin.join(plan.predictions(best.getRunId()), plan.predictions(baselineRunId), DemoPlan.ID, joined);
        String evaluationId = orchestrator
                .requestEvaluation(RequestEvaluationRequest.newBuilder()
                        .setRunId(best.getRunId())
                        .setSource(PredictionSource.newBuilder()
                                .setFile(PredictionFile.newBuilder()
                                        .setUri(joined.toUri().toString())
                                        .setLabelColumn(DemoPlan.LABEL)
                                        .setPredictionColumn("predicted")))
                        .setOptions(plan.evaluation(best.getRunId(), baselineRunId))
                        .build())
                .getEvaluationId();
        out.println("5. evaluate  the best trial against the baseline on the held-out test rows (evaluation "
                + evaluationId + ")");
        out.flush();
        return await("evaluation " + evaluationId, Duration.ofMinutes(3), () -> {
            try {
                return evaluation
                        .getEvaluation(GetEvaluationRequest.newBuilder()
                                .setEvaluationId(evaluationId)
                                .build())
                        .getEvaluation();
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                    return null; // not consumed yet
                }
                throw e;
            }
        });
    }

    /** Tracking applies the verdict from the EvaluationFinished event; show that it did. */
    private void awaitPromotion(Evaluation result, StudyTrial best) {
        if (!result.hasVerdict() || result.getVerdict().getDecision() != Decision.DECISION_PROMOTE) {
            out.printf(
                    "the ratchet held: run %s stays the baseline of %s%n",
                    result.getVerdict().getBaselineRunId(), DemoPlan.EXPERIMENT);
            return;
        }
        String experimentId = experimentId(best.getRunId());
        Baseline promoted = await("the promotion", Duration.ofSeconds(60), () -> {
            Baseline now = tracking.getBaseline(GetBaselineRequest.newBuilder()
                            .setExperimentId(experimentId)
                            .build())
                    .getBaseline();
            return now.getRunId().equals(best.getRunId()) ? now : null;
        });
        out.printf(
                "the ratchet turned: run %s is the new baseline of %s (%s %.4f)%n",
                promoted.getRunId(), DemoPlan.EXPERIMENT, promoted.getMetric(), promoted.getValue());
    }

    private Optional<Experiment> experiment() {
        return tracking.listExperiments(ListExperimentsRequest.getDefaultInstance()).getExperimentsList().stream()
                .filter(e -> e.getName().equals(DemoPlan.EXPERIMENT))
                .findFirst();
    }

    private String experimentId(String runId) {
        return tracking.getRun(GetRunRequest.newBuilder().setRunId(runId).build())
                .getRun()
                .getExperimentId();
    }

    private static String progress(List<StudyTrial> trials) {
        long complete = trials.stream()
                .filter(t -> t.getState() == TrialState.TRIAL_STATE_COMPLETE)
                .count();
        long pruned = trials.stream()
                .filter(t -> t.getState() == TrialState.TRIAL_STATE_PRUNED)
                .count();
        long failed = trials.stream()
                .filter(t -> t.getState() == TrialState.TRIAL_STATE_FAILED)
                .count();
        long running = trials.stream()
                .filter(t -> t.getState() == TrialState.TRIAL_STATE_RUNNING)
                .count();
        String best = trials.stream()
                .filter(t -> t.getState() == TrialState.TRIAL_STATE_COMPLETE)
                .mapToDouble(StudyTrial::getValue)
                .max()
                .stream()
                .mapToObj(v -> String.format(", best AUC %.4f", v))
                .findFirst()
                .orElse("");
        return String.format(
                "trials: %d complete, %d pruned, %d failed, %d running%s", complete, pruned, failed, running, best);
    }

    private static String params(StudyTrial trial) {
        return String.join(
                ", ",
                trial.getParamsMap().entrySet().stream()
                        .sorted(Map.Entry.comparingByKey())
                        .map(e -> e.getKey() + "="
                                + (e.getValue().hasDoubleValue()
                                        ? String.format("%.3g", e.getValue().getDoubleValue())
                                        : String.valueOf(e.getValue().getIntValue())))
                        .toList());
    }

    /** Polls until {@code check} returns a value; a service that is briefly unreachable is waited for. */
    private static <T> T await(String what, Duration atMost, Supplier<T> check) {
        Instant deadline = Instant.now().plus(atMost);
        while (Instant.now().isBefore(deadline)) {
            try {
                T value = check.get();
                if (value != null) {
                    return value;
                }
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.UNAVAILABLE
                        && e.getStatus().getCode() != Status.Code.NOT_FOUND) {
                    throw e;
                }
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            }
        }
        throw new IllegalStateException("gave up waiting for " + what + " after " + atMost.toSeconds() + " s");
    }
}
