package dev.ratchet.evaluation.engine;

import dev.ratchet.evaluation.data.Table;
import dev.ratchet.evaluation.data.TableException;
import dev.ratchet.evaluation.data.TextCodes;
import dev.ratchet.evaluation.metrics.Intervals.BootstrapSettings;
import dev.ratchet.evaluation.scoring.ClassificationEvaluator;
import dev.ratchet.evaluation.scoring.RankingEvaluator;
import dev.ratchet.evaluation.scoring.RegressionEvaluator;
import dev.ratchet.evaluation.scoring.TaskEvaluator;
import dev.ratchet.evaluation.v1.EvaluationReport;
import dev.ratchet.events.v1.EvaluationOptions;
import dev.ratchet.events.v1.GateOptions;
import dev.ratchet.events.v1.ScoreColumn;
import dev.ratchet.events.v1.Task;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalDouble;
import java.util.TreeSet;

/**
 * A task's evaluators: the candidate's and, when the options have a gate, the baseline's, over the
 * same rows (and, for classification, the same labels). Classification also fills the report's
 * confusion matrix, per-class results and curves.
 */
record TaskEvaluators(TaskEvaluator candidate, TaskEvaluator baseline) {
    static TaskEvaluators of(
            Task task,
            Table table,
            String labelColumn,
            String predictionColumn,
            EvaluationOptions options,
            BootstrapSettings bootstrap,
            Evaluator.Limits limits,
            EvaluationReport.Builder report) {
        GateOptions gate = options.hasGate() ? options.getGate() : null;
        TaskEvaluator evaluator;
        TaskEvaluator baseline = null;
        switch (task) {
            case TASK_REGRESSION -> {
                RegressionEvaluator.Parameters parameters = new RegressionEvaluator.Parameters(
                        options.hasQuantile() ? OptionalDouble.of(options.getQuantile()) : OptionalDouble.empty(),
                        options.hasTweediePower()
                                ? OptionalDouble.of(options.getTweediePower())
                                : OptionalDouble.empty());
                evaluator = new RegressionEvaluator(
                        table.numbers(labelColumn),
                        table.numbers(predictionColumn),
                        parameters,
                        bootstrap,
                        Evaluator.ROW_BOOTSTRAP_LIMIT);
                if (gate != null) {
                    baseline = new RegressionEvaluator(
                            table.numbers(labelColumn),
                            table.numbers(gate.getBaselinePredictionColumn()),
                            parameters,
                            bootstrap,
                            Evaluator.ROW_BOOTSTRAP_LIMIT);
                }
            }
            case TASK_RANKING -> {
                evaluator = ranking(table, labelColumn, predictionColumn, options, bootstrap);
                if (gate != null) {
                    baseline = ranking(table, labelColumn, gate.getBaselinePredictionColumn(), options, bootstrap);
                }
            }
            default -> {
                List<String> predictionColumns = new ArrayList<>(List.of(predictionColumn));
                List<ScoreColumn> scoreColumns = new ArrayList<>(options.getScoreColumnsList());
                if (gate != null) {
                    predictionColumns.add(gate.getBaselinePredictionColumn());
                    scoreColumns.addAll(gate.getBaselineScoreColumnsList());
                }
                List<String> labels = labels(table, labelColumn, predictionColumns, scoreColumns);
                if (labels.size() > limits.maxClasses()) {
                    throw new TableException("the labels and predictions hold " + labels.size()
                            + " distinct values; a classification has at most " + limits.maxClasses()
                            + " classes (ratchet.evaluation.max-classes). If '" + labelColumn
                            + "' is a number to predict, set options.task = TASK_REGRESSION");
                }
                int positive = positive(labels, options);
                ClassificationEvaluator classification = classification(
                        table,
                        labels,
                        positive,
                        labelColumn,
                        predictionColumn,
                        options.getScoreColumnsList(),
                        classificationTopK(options),
                        bootstrap);
                report.setConfusionMatrix(ClassificationReports.confusionMatrix(
                                classification.counts(TaskEvaluator.all(table.rows()))))
                        .addAllClasses(classification.classes().stream()
                                .map(ClassificationReports::classReport)
                                .toList())
                        .addAllCurves(classification.curves().stream()
                                .map(ClassificationReports::curve)
                                .toList());
                evaluator = classification;
                if (gate != null) {
                    baseline = classification(
                            table,
                            labels,
                            positive,
                            labelColumn,
                            gate.getBaselinePredictionColumn(),
                            gate.getBaselineScoreColumnsList(),
                            classificationTopK(options),
                            bootstrap);
                }
            }
        }
        return new TaskEvaluators(evaluator, baseline);
    }

    /** The sorted union of the true, predicted and scored labels (scikit-learn's {@code unique_labels}). */
    private static List<String> labels(
            Table table, String labelColumn, List<String> predictionColumns, List<ScoreColumn> scoreColumns) {
        TreeSet<String> sorted = new TreeSet<>(table.distinct(labelColumn));
        predictionColumns.forEach(c -> sorted.addAll(table.distinct(c)));
        scoreColumns.forEach(c -> sorted.add(c.getLabel()));
        return List.copyOf(sorted);
    }

    /** Binary: the positive label's index (the option, the only scored label, or the second label); else -1. */
    private static int positive(List<String> labels, EvaluationOptions options) {
        if (labels.size() != 2) {
            return -1;
        }
        String positiveLabel = !options.getPositiveLabel().isEmpty()
                ? options.getPositiveLabel()
                : options.getScoreColumnsCount() == 1
                        ? options.getScoreColumns(0).getLabel()
                        : labels.get(1);
        int positive = labels.indexOf(positiveLabel);
        if (positive < 0) {
            throw new TableException("positive_label '" + positiveLabel + "' is none of the labels " + labels);
        }
        return positive;
    }

    private static ClassificationEvaluator classification(
            Table table,
            List<String> labels,
            int positive,
            String labelColumn,
            String predictionColumn,
            List<ScoreColumn> scoreColumns,
            List<Integer> topK,
            BootstrapSettings bootstrap) {
        return new ClassificationEvaluator(
                labels,
                codes(table.coded(labelColumn), labels),
                codes(table.coded(predictionColumn), labels),
                probabilities(table, labels, positive, scoreColumns),
                positive,
                topK,
                bootstrap,
                Evaluator.ROW_BOOTSTRAP_LIMIT);
    }

    /** The k of top-k accuracy: the options' top_k, or 2. */
    private static List<Integer> classificationTopK(EvaluationOptions options) {
        return options.getTopKCount() > 0 ? options.getTopKList() : List.of(2);
    }

    private static RankingEvaluator ranking(
            Table table,
            String labelColumn,
            String scoreColumn,
            EvaluationOptions options,
            BootstrapSettings bootstrap) {
        table.requireComplete(options.getQueryColumn(), "query");
        return new RankingEvaluator(
                table.texts(options.getQueryColumn()),
                table.numbers(labelColumn),
                table.numbers(scoreColumn),
                options.getRelevantAtLeast() > 0 ? options.getRelevantAtLeast() : 1,
                options.getTopKCount() > 0 ? options.getTopKList() : Evaluator.DEFAULT_TOP_K,
                bootstrap,
                Evaluator.ROW_BOOTSTRAP_LIMIT);
    }

    /** One probability column per label, from every label's score column or, for a binary task, the positive one's. */
    private static double[][] probabilities(
            Table table, List<String> labels, int positive, List<ScoreColumn> scoreColumns) {
        if (scoreColumns.isEmpty()) {
            return null;
        }
        double[][] columns = new double[labels.size()][];
        for (ScoreColumn score : scoreColumns) {
            table.requireComplete(score.getColumn(), "score");
            double[] values = table.numbers(score.getColumn());
            for (int row = 0; row < values.length; row++) {
                if (!(values[row] >= 0 && values[row] <= 1)) {
                    throw new TableException(table.source() + " row " + (row + 1) + ": score column '"
                            + score.getColumn() + "' holds " + values[row] + "; a score is the probability of label '"
                            + score.getLabel() + "' and must lie in [0, 1] (calibrate or squash raw scores first)");
                }
            }
            columns[labels.indexOf(score.getLabel())] = values;
        }
        // a binary task scored by the positive label alone: the other label's column stays null (1 − p)
        boolean complemented = scoreColumns.size() == 1 && positive >= 0 && columns[positive] != null;
        for (int c = 0; c < labels.size(); c++) {
            if (columns[c] == null && !complemented) {
                throw new TableException("no score column for label '" + labels.get(c)
                        + "': give one per label, or for a binary task the positive label's only");
            }
        }
        return columns;
    }

    private static int[] codes(TextCodes coded, List<String> labels) {
        int[] labelOf = coded.values().stream()
                .mapToInt(v -> Collections.binarySearch(labels, v))
                .toArray();
        int[] codes = coded.codes();
        for (int i = 0; i < codes.length; i++) {
            codes[i] = labelOf[codes[i]];
        }
        return codes;
    }
}
