package dev.ratchet.cli.demo;

import com.google.protobuf.Timestamp;
import dev.ratchet.events.v1.BehavioralSuite;
import dev.ratchet.events.v1.BehavioralTest;
import dev.ratchet.events.v1.DirectionalExpectation;
import dev.ratchet.events.v1.EvaluationOptions;
import dev.ratchet.events.v1.GateOptions;
import dev.ratchet.events.v1.HygieneOptions;
import dev.ratchet.events.v1.IntervalOptions;
import dev.ratchet.events.v1.Invariance;
import dev.ratchet.events.v1.MetricContext;
import dev.ratchet.events.v1.Perturbation;
import dev.ratchet.events.v1.ScoreColumn;
import dev.ratchet.events.v1.SliceSpec;
import dev.ratchet.events.v1.ValueSwap;
import dev.ratchet.orchestration.v1.Budget;
import dev.ratchet.orchestration.v1.CreateStudyRequest;
import dev.ratchet.orchestration.v1.Direction;
import dev.ratchet.orchestration.v1.FloatRange;
import dev.ratchet.orchestration.v1.IntRange;
import dev.ratchet.orchestration.v1.JobTemplate;
import dev.ratchet.orchestration.v1.MedianPruner;
import dev.ratchet.orchestration.v1.Objective;
import dev.ratchet.orchestration.v1.ParamSpec;
import dev.ratchet.orchestration.v1.PrunerSpec;
import dev.ratchet.orchestration.v1.SamplerKind;
import dev.ratchet.orchestration.v1.SamplerSpec;
import dev.ratchet.orchestration.v1.SearchSpace;
import dev.ratchet.orchestration.v1.StepSelection;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** What the demo runs: the trainer's jobs, the study, and the evaluation that decides. */
final class DemoPlan {
    static final String EXPERIMENT = "german-credit";
    static final String LABEL = "Class";
    static final String POSITIVE = "Good";
    static final String ID = "row_id";
    static final int TRIALS = 20;
    static final int PARALLEL = 2;
    static final int ROUNDS = 60;
    static final Duration STUDY_TIME_BOX = Duration.ofMinutes(8);
    /** The slices of the sensitive attributes the evaluation reports. */
    static final List<String> SLICES = List.of("sex", "personal_status", "Age", "ForeignWorker");

    private final Path trainer;
    private final Path split;
    private final Path runs;

    DemoPlan(Path trainer, Path split, Path runs) {
        this.trainer = trainer;
        this.split = split;
        this.runs = runs;
    }

    Path part(String role) {
        return split.resolve(role + ".csv");
    }

    Path predictions(String runId) {
        return runs.resolve(runId).resolve("predictions.csv");
    }

    Path model(String runId) {
        return runs.resolve(runId).resolve("model.onnx");
    }

    /**
     * The trainer as a job: the split's files, the model kind; a study appends its params as
     * --name=value. The logistic regression runs unpenalised to convergence (XGBoost scales its
     * linear booster's lambda by the number of rows: lambda 1 would shrink it to a poor model).
     */
    JobTemplate job(String model) {
        List<String> settings = model.equals("simple")
                ? List.of("--rounds=200", "--eta=1", "--lambda=0")
                : List.of("--rounds=" + ROUNDS);
        return JobTemplate.newBuilder()
                .addCommand(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString())
                .addCommand("-Xmx256m")
                .addCommand("-jar")
                .addCommand(trainer.toString())
                .addCommand("--train=" + part("train"))
                .addCommand("--validation=" + part("validation"))
                .addCommand("--test=" + part("test"))
                .addCommand("--label=" + LABEL)
                .addCommand("--id=" + ID)
                .addCommand("--positive=" + POSITIVE)
                .addCommand("--model=" + model)
                .addAllCommand(settings)
                .addCommand("--out=" + runs)
                .build();
    }

    /** TPE over the boosted trees' main knobs, validation AUC maximised, median pruning on the AUC curve. */
    CreateStudyRequest study(String name) {
        return CreateStudyRequest.newBuilder()
                .setName(name)
                .setExperimentName(EXPERIMENT)
                .setMaxTrials(TRIALS)
                .setObjective(Objective.newBuilder()
                        .setMetric("auc")
                        .setDirection(Direction.DIRECTION_MAXIMIZE)
                        .setContext(MetricContext.METRIC_CONTEXT_VALIDATION)
                        .setStep(StepSelection.STEP_SELECTION_LAST))
                .setSearchSpace(SearchSpace.newBuilder()
                        .addParams(floatParam("eta", 0.01, 0.3, true))
                        .addParams(ParamSpec.newBuilder()
                                .setName("max_depth")
                                .setIntRange(IntRange.newBuilder()
                                        .setLow(2)
                                        .setHigh(6)
                                        .setStep(1)))
                        .addParams(floatParam("min_child_weight", 1, 10, true))
                        .addParams(floatParam("subsample", 0.5, 1, false))
                        .addParams(floatParam("colsample_bytree", 0.4, 1, false))
                        .addParams(floatParam("lambda", 0.1, 10, true)))
                .setSampler(SamplerSpec.newBuilder()
                        .setKind(SamplerKind.SAMPLER_KIND_TPE)
                        .setSeed(42))
                .setJob(job("popular"))
                .setBudget(Budget.newBuilder()
                        .setMaxParallelTrials(PARALLEL)
                        .setMaxFailedTrials(3)
                        .setDeadline(Timestamp.newBuilder()
                                .setSeconds(Instant.now().plus(STUDY_TIME_BOX).getEpochSecond())))
                .setPruner(PrunerSpec.newBuilder()
                        .setMedian(MedianPruner.newBuilder().setStartupTrials(5).setWarmupSteps(ROUNDS / 3)))
                .build();
    }

    /**
     * The candidate against the baseline on the held-out test rows: intervals, slices by the
     * sensitive attributes, hygiene against the training part, invariance to sex and marital
     * status, a higher amount never raising the probability of good credit, and the gate on AUC.
     */
    EvaluationOptions evaluation(String candidateRunId, String baselineRunId) {
        EvaluationOptions.Builder options = EvaluationOptions.newBuilder()
                .addScoreColumns(ScoreColumn.newBuilder().setLabel(POSITIVE).setColumn("probability"))
                .setPositiveLabel(POSITIVE)
                .setIntervals(IntervalOptions.newBuilder().setLevel(0.95).setSeed(42))
                .setHygiene(HygieneOptions.newBuilder()
                        .setTrainUri(part("train").toUri().toString())
                        .addIdColumns(ID))
                .setBehavioral(BehavioralSuite.newBuilder()
                        .setModelUri(model(candidateRunId).toUri().toString())
                        .addTests(BehavioralTest.newBuilder()
                                .setName("swap sex")
                                .setInvariance(Invariance.newBuilder()
                                        .addPerturbations(swap("sex", "male", "female"))
                                        .setTolerance(0.05)))
                        .addTests(BehavioralTest.newBuilder()
                                .setName("swap personal status")
                                .setInvariance(Invariance.newBuilder()
                                        .addPerturbations(Perturbation.newBuilder()
                                                .setColumn("personal_status")
                                                .setSwap(ValueSwap.newBuilder()
                                                        .putPairs("Single", "NotSingle")
                                                        .putPairs("Married.Widowed", "Divorced.Seperated")))
                                        .setTolerance(0.05)))
                        .addTests(BehavioralTest.newBuilder()
                                .setName("double the amount")
                                .setDirectional(DirectionalExpectation.newBuilder()
                                        .addPerturbations(Perturbation.newBuilder()
                                                .setColumn("Amount")
                                                .setMultiply(2))
                                        .setDirection(DirectionalExpectation.Direction.DIRECTION_NOT_INCREASING)
                                        .setTolerance(0.02))))
                .setGate(GateOptions.newBuilder()
                        .setBaselineRunId(baselineRunId)
                        .setBaselinePredictionColumn("baseline_predicted")
                        .addBaselineScoreColumns(
                                ScoreColumn.newBuilder().setLabel(POSITIVE).setColumn("baseline_probability"))
                        .setMetric("roc_auc"));
        for (String column : SLICES) {
            options.addSlices(SliceSpec.newBuilder().addColumns(column).setNumericBuckets(4));
        }
        return options.build();
    }

    private static ParamSpec floatParam(String name, double low, double high, boolean log) {
        return ParamSpec.newBuilder()
                .setName(name)
                .setFloatRange(FloatRange.newBuilder().setLow(low).setHigh(high).setLog(log))
                .build();
    }

    private static Perturbation swap(String column, String a, String b) {
        return Perturbation.newBuilder()
                .setColumn(column)
                .setSwap(ValueSwap.newBuilder().putPairs(a, b))
                .build();
    }
}
