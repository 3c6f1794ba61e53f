package dev.ratchet.contract.events;

import dev.ratchet.events.v1.BehavioralSuite;
import dev.ratchet.events.v1.EvaluationOptions;
import dev.ratchet.events.v1.GateOptions;
import dev.ratchet.events.v1.HygieneOptions;
import dev.ratchet.events.v1.InlinePredictions;
import dev.ratchet.events.v1.IntervalOptions;
import dev.ratchet.events.v1.PredictionFile;
import dev.ratchet.events.v1.PredictionSource;
import dev.ratchet.events.v1.ScoreColumn;
import dev.ratchet.events.v1.SliceSpec;
import dev.ratchet.events.v1.Task;
import java.util.Optional;
import java.util.UUID;

/** The rules a prediction source must follow, checked where it enters (gRPC or an event). */
public final class PredictionSources {
    /** Larger test sets belong in a file. */
    public static final int MAX_INLINE_EXAMPLES = 1_000_000;
    /** More resamples than this take minutes and narrow nothing. */
    public static final int MAX_RESAMPLES = 100_000;

    private PredictionSources() {}

    /** What is wrong with the source, if anything; a readable file is checked only when it is read. */
    public static Optional<String> problem(PredictionSource source) {
        return switch (source.getSourceCase()) {
            case INLINE -> inlineProblem(source.getInline());
            case FILE -> fileProblem(source.getFile());
            case SOURCE_NOT_SET -> Optional.of("source is required: set inline labels and predictions, or a file");
        };
    }

    /** What is wrong with the source and options together, if anything; checked before any work starts. */
    public static Optional<String> problem(PredictionSource source, EvaluationOptions options) {
        Optional<String> sourceProblem = problem(source);
        if (sourceProblem.isPresent()) {
            return sourceProblem;
        }
        if (source.hasInline()
                && (options.getScoreColumnsCount() > 0
                        || options.getSlicesCount() > 0
                        || !options.getQueryColumn().isEmpty()
                        || options.hasHygiene()
                        || (options.getTask() != Task.TASK_UNSPECIFIED
                                && options.getTask() != Task.TASK_CLASSIFICATION))) {
            return Optional.of("options name columns (scores, slices, query, hygiene) or a task other than"
                    + " classification, which an inline source does not have: use source.file");
        }
        if (options.getTask() == Task.UNRECOGNIZED) {
            return Optional.of("options.task is unknown: use TASK_CLASSIFICATION, TASK_REGRESSION or TASK_RANKING");
        }
        if (options.getTask() == Task.TASK_RANKING && options.getQueryColumn().isBlank()) {
            return Optional.of(
                    "options.query_column is required for ranking: the column that groups rows into queries");
        }
        if (options.getTopKList().stream().anyMatch(k -> k < 1)) {
            return Optional.of("options.top_k must be positive, e.g. [5, 10]");
        }
        if (options.hasQuantile() && !(options.getQuantile() > 0 && options.getQuantile() < 1)) {
            return Optional.of("options.quantile is " + options.getQuantile()
                    + "; it is the alpha a quantile model predicts, in (0, 1), e.g. 0.9");
        }
        if (options.hasTweediePower()
                && !(Double.isFinite(options.getTweediePower())
                        && (options.getTweediePower() <= 0 || options.getTweediePower() >= 1))) {
            return Optional.of("options.tweedie_power is " + options.getTweediePower()
                    + "; the Tweedie deviance is defined for powers ≤ 0 and ≥ 1 (0 normal, 1 Poisson, 2 gamma)");
        }
        if ((options.hasQuantile() || options.hasTweediePower()) && options.getTask() != Task.TASK_REGRESSION) {
            return Optional.of("options.quantile and options.tweedie_power are for a regression: set"
                    + " options.task = TASK_REGRESSION");
        }
        for (ScoreColumn score : options.getScoreColumnsList()) {
            if (score.getLabel().isEmpty() || score.getColumn().isEmpty()) {
                return Optional.of("options.score_columns: every entry needs a label and a column");
            }
        }
        for (SliceSpec slice : options.getSlicesList()) {
            if (slice.getColumnsCount() < 1 || slice.getColumnsCount() > 2) {
                return Optional.of(
                        "options.slices: a slice names one column, or two for a cross; got " + slice.getColumnsList());
            }
        }
        IntervalOptions intervals = options.getIntervals();
        if (intervals.getLevel() < 0 || intervals.getLevel() >= 1) {
            return Optional.of("options.intervals.level must be in (0, 1), e.g. 0.95; got " + intervals.getLevel());
        }
        if (intervals.getBootstrapResamples() < 0 || intervals.getBootstrapResamples() > MAX_RESAMPLES) {
            return Optional.of("options.intervals.bootstrap_resamples must be in [0, " + MAX_RESAMPLES + "]");
        }
        if (options.getMinSliceShare() < 0 || options.getMinSliceShare() >= 1) {
            return Optional.of("options.min_slice_share must be in [0, 1)");
        }
        if (options.hasGate()) {
            GateOptions gate = options.getGate();
            if (source.hasInline() || gate.getBaselinePredictionColumn().isBlank()) {
                return Optional.of("options.gate needs a file source with the baseline's predictions in"
                        + " gate.baseline_prediction_column, on the same rows as the candidate's");
            }
            if (!gate.getBaselineRunId().isEmpty()) {
                try {
                    UUID.fromString(gate.getBaselineRunId());
                } catch (IllegalArgumentException e) {
                    return Optional.of("options.gate.baseline_run_id '" + gate.getBaselineRunId() + "' is not a UUID");
                }
            }
        }
        if (source.hasFile()
                && source.getFile().getPredictionColumn().isBlank()
                && options.getBehavioral().getModelUri().isBlank()) {
            return Optional.of("source.file.prediction_column is required, unless options.behavioral.model_uri names"
                    + " a model for the service to predict with");
        }
        if (options.hasBehavioral()) {
            BehavioralSuite suite = options.getBehavioral();
            if (source.hasInline() || suite.getModelUri().isBlank()) {
                return Optional.of("options.behavioral needs a file source and model_uri, the ONNX model to test");
            }
            if (!source.getFile().getPredictionColumn().isBlank() && suite.getTestsCount() == 0) {
                return Optional.of("options.behavioral has no tests: add invariance, directional or minimum"
                        + " functionality tests");
            }
        }
        HygieneOptions hygiene = options.getHygiene();
        if ((hygiene.getGroupColumnsCount() > 0 || !hygiene.getTimeColumn().isEmpty())
                && hygiene.getTrainUri().isBlank()) {
            return Optional.of("options.hygiene.train_uri is required for group and temporal leakage checks");
        }
        if (hygiene.getLeakageThreshold() < 0 || hygiene.getLeakageThreshold() > 1) {
            return Optional.of("options.hygiene.leakage_threshold must be in (0, 1]");
        }
        return Optional.empty();
    }

    private static Optional<String> inlineProblem(InlinePredictions inline) {
        if (inline.getLabelsCount() == 0) {
            return Optional.of("source.inline.labels is empty: give one label per test example");
        }
        if (inline.getLabelsCount() != inline.getPredictionsCount()) {
            return Optional.of("source.inline has " + inline.getLabelsCount() + " labels but "
                    + inline.getPredictionsCount() + " predictions: give one prediction per label");
        }
        if (inline.getLabelsCount() > MAX_INLINE_EXAMPLES) {
            return Optional.of("source.inline has " + inline.getLabelsCount() + " examples; at most "
                    + MAX_INLINE_EXAMPLES + " inline, use source.file for more");
        }
        return Optional.empty();
    }

    private static Optional<String> fileProblem(PredictionFile file) {
        if (file.getUri().isBlank()) {
            return Optional.of("source.file.uri is required");
        }
        if (file.getLabelColumn().isBlank()) {
            return Optional.of("source.file.label_column is required");
        }
        return Optional.empty();
    }
}
