package dev.ratchet.evaluation.engine;

import dev.ratchet.evaluation.behavior.BehavioralTests;
import dev.ratchet.evaluation.behavior.ModelPredictions;
import dev.ratchet.evaluation.behavior.OnnxScorer;
import dev.ratchet.evaluation.data.Column;
import dev.ratchet.evaluation.data.CsvTables;
import dev.ratchet.evaluation.data.Table;
import dev.ratchet.evaluation.data.TableException;
import dev.ratchet.evaluation.errors.ErrorAnalyzer;
import dev.ratchet.evaluation.gate.BaselineGate;
import dev.ratchet.evaluation.hygiene.HygieneChecks;
import dev.ratchet.evaluation.metrics.Intervals;
import dev.ratchet.evaluation.metrics.Intervals.BootstrapSettings;
import dev.ratchet.evaluation.scoring.ClassificationEvaluator;
import dev.ratchet.evaluation.scoring.TaskEvaluator;
import dev.ratchet.evaluation.slices.Slicer;
import dev.ratchet.evaluation.v1.CheckStatus;
import dev.ratchet.evaluation.v1.ClassReport;
import dev.ratchet.evaluation.v1.EvaluationReport;
import dev.ratchet.evaluation.v1.HygieneCheck;
import dev.ratchet.evaluation.v1.SliceReport;
import dev.ratchet.evaluation.v1.SliceValue;
import dev.ratchet.events.v1.ClassificationSummary;
import dev.ratchet.events.v1.ConfidenceInterval;
import dev.ratchet.events.v1.EvaluationOptions;
import dev.ratchet.events.v1.GateOptions;
import dev.ratchet.events.v1.InlinePredictions;
import dev.ratchet.events.v1.MetricValue;
import dev.ratchet.events.v1.PredictionFile;
import dev.ratchet.events.v1.PredictionSource;
import dev.ratchet.events.v1.ScoreColumn;
import dev.ratchet.events.v1.Task;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Reads a test set, computes everything the options ask for, and returns the report and its summary. */
public final class Evaluator {
    static final int SUMMARY_WARNINGS = 50;
    static final int SUMMARY_MATRIX_LABELS = 100;

    /** Above this many rows (queries, for ranking), bootstrap intervals of score metrics are skipped. */
    static final int ROW_BOOTSTRAP_LIMIT = 200_000;

    static final long DEFAULT_MIN_SLICE_ROWS = 30;
    static final double DEFAULT_MIN_SLICE_SHARE = 0.01;
    static final double DEFAULT_MAX_WIDTH = 0.1;
    static final int DEFAULT_WEAK_SEGMENTS = 10;
    static final double AUC_CAVEAT_ABOVE = 0.9;
    static final int AUC_CAVEAT_SMALLER_CLASS = 100;
    static final List<Integer> DEFAULT_TOP_K = List.of(5, 10);
    private static final String LABEL = "label";
    private static final String PREDICTION = "prediction";

    private Evaluator() {}

    /** The full report and the summary that travels in {@code EvaluationFinished}. */
    public record Result(EvaluationReport report, ClassificationSummary summary) {}

    /**
     * What one evaluation may be asked to compute; past it, a TableException says what to change
     * (the cost grows with the square of the classes, and the report with the slice values).
     */
    public record Limits(int maxClasses, int maxSliceValues) {
        public static final Limits DEFAULT = new Limits(1_000, 1_000);
    }

    /** Evaluates a source and options that passed {@code PredictionSources.problem}; TableException when the data do not fit. */
    public static Result evaluate(PredictionSource source, EvaluationOptions options) {
        return evaluate(source, options, Limits.DEFAULT);
    }

    /** {@link #evaluate(PredictionSource, EvaluationOptions)} within the given limits. */
    public static Result evaluate(PredictionSource source, EvaluationOptions options, Limits limits) {
        if (source.hasFile()) {
            PredictionFile file = source.getFile();
            return evaluate(
                    read(file.getUri(), file.getLabelColumn(), file.getPredictionColumn(), options),
                    file.getLabelColumn(),
                    file.getPredictionColumn(),
                    options,
                    limits);
        }
        return evaluate(inline(source.getInline(), task(options)), LABEL, PREDICTION, options, limits);
    }

    /** Reads a test set with the column types the options imply (labels as text for classification). */
    public static Table read(String uri, String labelColumn, String predictionColumn, EvaluationOptions options) {
        Set<String> textColumns = new HashSet<>(options.getTextColumnsList());
        if (task(options) == Task.TASK_CLASSIFICATION) {
            textColumns.add(labelColumn);
            textColumns.add(predictionColumn);
            if (options.hasGate()) {
                textColumns.add(options.getGate().getBaselinePredictionColumn());
            }
        }
        if (!options.getQueryColumn().isEmpty()) {
            textColumns.add(options.getQueryColumn());
        }
        return CsvTables.read(uri, textColumns);
    }

    private static Task task(EvaluationOptions options) {
        return options.getTask() == Task.TASK_UNSPECIFIED ? Task.TASK_CLASSIFICATION : options.getTask();
    }

    /** Evaluates a test set already in memory. */
    public static Result evaluate(Table table, String labelColumn, String predictionColumn, EvaluationOptions options) {
        return evaluate(table, labelColumn, predictionColumn, options, Limits.DEFAULT);
    }

    /** Evaluates a test set already in memory, within the given limits. */
    public static Result evaluate(
            Table table, String labelColumn, String predictionColumn, EvaluationOptions options, Limits limits) {
        if (predictionColumn.isEmpty()) {
            return withModelPredictions(table, labelColumn, options, limits);
        }
        Task task = task(options);
        table.requireComplete(labelColumn, "label");
        table.requireComplete(predictionColumn, "prediction");

        BootstrapSettings bootstrap = bootstrap(options);
        Set<String> modelOutputs = new HashSet<>(List.of(predictionColumn));
        options.getScoreColumnsList().forEach(s -> modelOutputs.add(s.getColumn()));

        GateOptions gate = options.hasGate() ? options.getGate() : null;
        if (gate != null) {
            table.requireComplete(gate.getBaselinePredictionColumn(), "baseline prediction");
            modelOutputs.add(gate.getBaselinePredictionColumn());
            gate.getBaselineScoreColumnsList().forEach(c -> modelOutputs.add(c.getColumn()));
        }

        EvaluationReport.Builder report =
                EvaluationReport.newBuilder().setTask(task).setExampleCount(table.rows());
        TaskEvaluators evaluators =
                TaskEvaluators.of(task, table, labelColumn, predictionColumn, options, bootstrap, limits, report);
        TaskEvaluator evaluator = evaluators.candidate();
        evaluator.metricsByGroup(null, 1).get(0).forEach(m -> report.addMetrics(m.toProto()));

        double maxWidth = options.getIntervals().getMaxWidth() > 0
                ? options.getIntervals().getMaxWidth()
                : DEFAULT_MAX_WIDTH;
        tooSmall("the test set", report.getMetricsList(), table.rows(), maxWidth)
                .ifPresent(report::addWarnings);
        aucIntervalCaveat(report.getMetricsList(), report.getClassesList()).ifPresent(report::addWarnings);

        long minRows = options.getMinSliceRows() > 0 ? options.getMinSliceRows() : DEFAULT_MIN_SLICE_ROWS;
        Slicer slicer = new Slicer(
                table,
                evaluator,
                new Slicer.Settings(
                        minRows,
                        options.getMinSliceShare() > 0 ? options.getMinSliceShare() : DEFAULT_MIN_SLICE_SHARE,
                        1 - bootstrap.level(),
                        limits.maxSliceValues()));
        List<SliceReport> slices = slicer.slices(options.getSlicesList());
        report.addAllSlices(slices);
        for (SliceReport slice : slices) {
            for (SliceValue value : slice.getValuesList()) {
                sliceWarnings(value, maxWidth, evaluator.headlineMetric()).forEach(report::addWarnings);
            }
        }
        Set<String> excluded = new HashSet<>(modelOutputs);
        excluded.add(labelColumn);
        excluded.addAll(options.getHygiene().getIdColumnsList());
        excluded.addAll(options.getHygiene().getGroupColumnsList());
        if (!options.getQueryColumn().isEmpty()) {
            excluded.add(options.getQueryColumn());
        }
        int weak = options.getWeakSegments() == 0 ? DEFAULT_WEAK_SEGMENTS : Math.max(0, options.getWeakSegments());
        report.addAllWeakSegments(slicer.weakSegments(excluded, weak));
        if (task != Task.TASK_RANKING) {
            double[] severities =
                    evaluator instanceof ClassificationEvaluator c ? c.rowSeverities() : evaluator.rowLosses();
            report.setErrors(ErrorAnalyzer.analyze(
                    table,
                    severities,
                    labelColumn,
                    predictionColumn,
                    report.hasConfusionMatrix() ? report.getConfusionMatrix() : null,
                    slicer.featureValueLosses(excluded, severities),
                    minRows));
        }

        if (options.hasHygiene()) {
            hygiene(report, table, labelColumn, predictionColumn, options, modelOutputs, minRows);
        }
        if (options.hasBehavioral() && options.getBehavioral().getTestsCount() > 0) {
            behavioral(report, table, options);
        }
        if (gate != null) {
            report.setGate(new BaselineGate(evaluator, evaluators.baseline(), gate, bootstrap, ROW_BOOTSTRAP_LIMIT)
                    .decide(
                            TaskEvaluator.all(table.rows()),
                            slicer.groups(options.getSlicesList()),
                            minRows,
                            report.getHygieneList(),
                            report.getBehavioralList()));
        }
        return new Result(report.build(), summary(report.build()));
    }

    /** No predictions in the file: the behavioral suite's model predicts, and the evaluation goes on with them. */
    private static Result withModelPredictions(
            Table table, String labelColumn, EvaluationOptions options, Limits limits) {
        Table predicted;
        EvaluationOptions scored;
        try (OnnxScorer model = new OnnxScorer(options.getBehavioral().getModelUri())) {
            predicted = ModelPredictions.add(table, model);
            scored = options.toBuilder()
                    .clearScoreColumns()
                    .addScoreColumns(ScoreColumn.newBuilder()
                            .setLabel(model.positiveLabel())
                            .setColumn(ModelPredictions.SCORE))
                    .build();
        }
        return evaluate(predicted, labelColumn, ModelPredictions.PREDICTED, scored, limits);
    }

    /** The hygiene checks (against the training set when given); a failed one is also a warning. */
    private static void hygiene(
            EvaluationReport.Builder report,
            Table table,
            String labelColumn,
            String predictionColumn,
            EvaluationOptions options,
            Set<String> modelOutputs,
            long minRows) {
        Table train = options.getHygiene().getTrainUri().isEmpty()
                ? null
                : read(options.getHygiene().getTrainUri(), labelColumn, predictionColumn, options);
        List<String> sliceColumns = options.getSlicesList().stream()
                .filter(s -> s.getColumnsCount() == 1)
                .map(s -> s.getColumns(0))
                .toList();
        List<HygieneCheck> checks = new HygieneChecks(table, train, options.getHygiene(), labelColumn, modelOutputs)
                .run(sliceColumns, minRows);
        report.addAllHygiene(checks);
        checks.stream()
                .filter(c -> c.getStatus() == CheckStatus.CHECK_STATUS_FAIL)
                .forEach(c -> report.addWarnings("hygiene check " + c.getName() + " failed: " + c.getSummary()));
    }

    /** The behavioral suite; a test with failures is also a warning. */
    private static void behavioral(EvaluationReport.Builder report, Table table, EvaluationOptions options) {
        report.addAllBehavioral(BehavioralTests.run(table, options.getBehavioral()));
        report.getBehavioralList().stream()
                .filter(b -> b.getFailed() > 0)
                .forEach(b -> report.addWarnings(String.format(
                        Locale.ROOT,
                        "behavioral test '%s' fails on %d of %d rows (%.1f%%)",
                        b.getName(),
                        b.getFailed(),
                        b.getTested(),
                        100 * b.getFailureRate())));
    }

    private static BootstrapSettings bootstrap(EvaluationOptions options) {
        var intervals = options.getIntervals();
        return new BootstrapSettings(
                intervals.getSeed() != 0 ? intervals.getSeed() : BootstrapSettings.DEFAULT.seed(),
                intervals.getBootstrapResamples() > 0
                        ? intervals.getBootstrapResamples()
                        : BootstrapSettings.DEFAULT.resamples(),
                intervals.getLevel() > 0 ? intervals.getLevel() : BootstrapSettings.DEFAULT.level());
    }

    private static Table inline(InlinePredictions inline, Task task) {
        if (task != Task.TASK_CLASSIFICATION) {
            throw new TableException("an inline source holds labels only; a " + task + " needs a file source");
        }
        return new Table(
                "the inline predictions",
                inline.getLabelsCount(),
                List.of(
                        new Column.Text(LABEL, inline.getLabelsList().toArray(String[]::new)),
                        new Column.Text(PREDICTION, inline.getPredictionsList().toArray(String[]::new))));
    }

    /**
     * A warning when accuracy's interval is wider than {@code maxWidth}, with the size that would
     * narrow it enough: n = z²·p(1−p) / (w/2)² (the normal approximation).
     */
    static Optional<String> tooSmall(String what, List<MetricValue> metrics, long rows, double maxWidth) {
        return metrics.stream()
                .filter(m -> m.getName().equals("accuracy")
                        && m.hasInterval()
                        && m.getInterval().getUpper() - m.getInterval().getLower() > maxWidth)
                .findFirst()
                .map(m -> {
                    ConfidenceInterval interval = m.getInterval();
                    double p = Math.min(Math.max(m.getValue(), 0.01), 0.99);
                    double z = Intervals.z(interval.getLevel());
                    long needed = (long) Math.ceil(z * z * p * (1 - p) / Math.pow(maxWidth / 2, 2));
                    return String.format(
                            Locale.ROOT,
                            "%s is too small: the %.0f%% interval of accuracy is %.3f wide on %d rows; about %d rows"
                                    + " would narrow it to %.3f",
                            what,
                            interval.getLevel() * 100,
                            interval.getUpper() - interval.getLower(),
                            rows,
                            needed,
                            maxWidth);
                });
    }

    /**
     * A binary test set's ROC-AUC whose interval is missing or, by the coverage simulation (see the
     * README), covers less than it says: above AUC {@value #AUC_CAVEAT_ABOVE} with fewer than
     * {@value #AUC_CAVEAT_SMALLER_CLASS} rows in the smaller class.
     */
    static Optional<String> aucIntervalCaveat(List<MetricValue> metrics, List<ClassReport> classes) {
        Optional<MetricValue> auc =
                metrics.stream().filter(m -> m.getName().equals("roc_auc")).findFirst();
        if (auc.isEmpty() || classes.size() != 2) {
            return Optional.empty();
        }
        long smaller = Math.min(classes.get(0).getSupport(), classes.get(1).getSupport());
        double value = auc.get().getValue();
        if (!auc.get().hasInterval()) {
            return Optional.of(String.format(
                    Locale.ROOT,
                    "roc_auc is %.4g with %d rows in the smaller class: no"
                            + " interval (a class needs two rows, and an AUC of 0 or 1 on the sample says nothing of its"
                            + " spread); evaluate on more rows of the smaller class",
                    value,
                    smaller));
        }
        if (value > AUC_CAVEAT_ABOVE && smaller < AUC_CAVEAT_SMALLER_CLASS) {
            return Optional.of(String.format(
                    Locale.ROOT,
                    "roc_auc's %.0f%% interval may cover less often than"
                            + " stated: AUC %.3f with %d rows in the smaller class (in simulation about 92%% at AUC 0.95"
                            + " with 25); at least %d rows of each class make it hold",
                    auc.get().getInterval().getLevel() * 100,
                    value,
                    smaller,
                    AUC_CAVEAT_SMALLER_CLASS));
        }
        return Optional.empty();
    }

    private static List<String> sliceWarnings(SliceValue value, double maxWidth, String headline) {
        List<String> warnings = new ArrayList<>();
        tooSmall("slice " + value.getName(), value.getMetricsList(), value.getSupport(), maxWidth)
                .ifPresent(warnings::add);
        if (value.getSignificantlyWorse()) {
            warnings.add(String.format(
                    Locale.ROOT,
                    "slice %s is significantly worse than the rest on %s" + " (Holm-adjusted p = %.3g)",
                    value.getName(),
                    headline,
                    value.getAdjustedPValue()));
        }
        return warnings;
    }

    /**
     * The summary that travels in EvaluationFinished: the headline metrics with their intervals, at
     * most {@value #SUMMARY_WARNINGS} warnings and the confusion matrix up to
     * {@value #SUMMARY_MATRIX_LABELS} labels, so that the event stays small whatever the test set
     * (10,000 slice values made a 1.26 MB event once). The whole report stays in this service
     * (GetEvaluation) and in tracking as the run's report artifact.
     */
    static ClassificationSummary summary(EvaluationReport report) {
        ClassificationSummary.Builder summary = ClassificationSummary.newBuilder()
                .setExampleCount(report.getExampleCount())
                .addAllMetrics(report.getMetricsList());
        List<String> warnings = report.getWarningsList();
        if (warnings.size() <= SUMMARY_WARNINGS) {
            summary.addAllWarnings(warnings);
        } else {
            summary.addAllWarnings(warnings.subList(0, SUMMARY_WARNINGS - 1))
                    .addWarnings("… and " + (warnings.size() - SUMMARY_WARNINGS + 1)
                            + " more warnings: the report has them all");
        }
        if (report.hasConfusionMatrix()) {
            if (report.getConfusionMatrix().getLabelsCount() > SUMMARY_MATRIX_LABELS) {
                summary.addWarnings("the confusion matrix of "
                        + report.getConfusionMatrix().getLabelsCount() + " labels is in the report only");
            } else {
                summary.setConfusionMatrix(report.getConfusionMatrix());
            }
            report.getMetricsList().stream()
                    .filter(m -> m.getName().equals("accuracy"))
                    .findFirst()
                    .ifPresent(m -> summary.setAccuracy(m.getValue()));
        }
        return summary.build();
    }
}
