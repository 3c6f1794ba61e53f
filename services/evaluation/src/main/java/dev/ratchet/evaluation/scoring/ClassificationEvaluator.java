package dev.ratchet.evaluation.scoring;

import dev.ratchet.evaluation.metrics.BinaryScores;
import dev.ratchet.evaluation.metrics.ClassProbabilities;
import dev.ratchet.evaluation.metrics.ConfusionCounts;
import dev.ratchet.evaluation.metrics.Interval;
import dev.ratchet.evaluation.metrics.Intervals;
import dev.ratchet.evaluation.metrics.Intervals.BootstrapSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Classification metrics with scikit-learn's definitions. Intervals: Wilson for proportions
 * (accuracy, precision, recall), DeLong for a binary ROC-AUC, a Poisson bootstrap of the confusion
 * matrix's cells for the other count-based metrics; score-based ones see {@link #scoreMetrics}.
 */
public final class ClassificationEvaluator implements TaskEvaluator {
    /** Curves are thinned to about this many points (every k-th threshold), so a report stays small. */
    static final int MAX_CURVE_POINTS = 500;
    /** Score buckets per class in the bootstrap of the average precision. */
    static final int AP_BUCKETS = 100;

    static final int CALIBRATION_BINS = 10;
    static final int MULTICLASS_BOOTSTRAP_LIMIT = 10_000;

    private static final List<String> COUNT_METRICS = List.of(
            "balanced_accuracy",
            "precision_macro",
            "recall_macro",
            "f1_macro",
            "precision_weighted",
            "recall_weighted",
            "f1_weighted",
            "cohen_kappa",
            "mcc",
            "jaccard_macro",
            "jaccard_weighted",
            "jaccard_micro",
            "zero_one_loss",
            "hamming_loss");
    /** A binary task's count metrics of its positive label, besides precision and recall. */
    private static final List<String> POSITIVE_COUNT_METRICS =
            List.of("f1", "f2", "f0_5", "jaccard", "positive_likelihood_ratio", "negative_likelihood_ratio");

    private final List<String> labels;
    private final int[] truth;
    private final int[] predicted;
    private final double[][] probabilities;
    private final int positive;
    private final List<Integer> topK;
    private final List<String> scoreMetricNames;
    private final BootstrapSettings bootstrap;
    private final int rowBootstrapLimit;
    private int[] allRows;
    private int[] cachedRows;
    private BinaryScores[] cachedScores;
    private ScoreOrder scoreOrder;

    /**
     * @param probabilities one column per label (same order as {@code labels}), or null; a binary
     *                      task may leave the negative label's column null (1 − the positive's)
     * @param positive the positive label's index for a binary task, else -1
     * @param topK the k of top-k accuracy for a multiclass task with probabilities (those below the
     *     number of labels are reported)
     * @param rowBootstrapLimit above this many rows, score metrics other than AUC get no interval
     */
    public ClassificationEvaluator(
            List<String> labels,
            int[] truth,
            int[] predicted,
            double[][] probabilities,
            int positive,
            List<Integer> topK,
            BootstrapSettings bootstrap,
            int rowBootstrapLimit) {
        this.labels = List.copyOf(labels);
        this.topK =
                topK.stream().filter(k -> k < labels.size()).distinct().sorted().toList();
        this.truth = truth;
        this.predicted = predicted;
        this.probabilities = probabilities;
        this.positive = positive;
        this.bootstrap = bootstrap;
        this.rowBootstrapLimit = rowBootstrapLimit;
        this.scoreMetricNames = scoreMetricNames(positive, this.topK);
    }

    public List<String> labels() {
        return labels;
    }

    @Override
    public int rows() {
        return truth.length;
    }

    @Override
    public String headlineMetric() {
        return "accuracy";
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public boolean binaryLoss() {
        return true;
    }

    @Override
    public double rowLoss(int row) {
        return truth[row] == predicted[row] ? 0 : 1;
    }

    @Override
    public List<String> metricNames() {
        List<String> names = new ArrayList<>(List.of("accuracy"));
        if (positive >= 0) {
            names.addAll(List.of("precision", "recall"));
        }
        names.addAll(bootstrappedCountMetrics());
        names.add("f1_micro");
        if (probabilities != null) {
            names.addAll(scoreMetricNames);
        }
        return names;
    }

    /** Whether the metric depends on the confusion matrix alone. */
    public boolean isCountMetric(String metric) {
        return !scoreMetricNames.contains(metric) && metricNames().contains(metric);
    }

    @Override
    public double value(String metric, int[] rows) {
        if (isCountMetric(metric)) {
            return countValue(metric, counts(rows));
        }
        return scoreValues(rows)[scoreMetricNames.indexOf(metric)];
    }

    /** A count-based metric's value on a confusion matrix in this evaluator's label order. */
    public double countValue(String metric, ConfusionCounts c) {
        if (c.total() == 0) {
            return Double.NaN;
        }
        return switch (metric) {
            case "accuracy" -> c.accuracy();
            case "precision" -> c.precision(positive);
            case "recall" -> c.recall(positive);
            case "f1_micro" -> c.micro().f1();
            default -> countValues(c)[bootstrappedCountMetrics().indexOf(metric)];
        };
    }

    /** The count metrics whose interval is the bootstrap's: the common ones, then a binary task's positive label's. */
    private List<String> bootstrappedCountMetrics() {
        List<String> names = new ArrayList<>(COUNT_METRICS);
        if (positive >= 0) {
            names.addAll(POSITIVE_COUNT_METRICS);
        }
        return names;
    }

    public int[] truth() {
        return truth;
    }

    public int[] predicted() {
        return predicted;
    }

    /** Each row's log loss when there are probabilities, else its 0/1 error. */
    public double[] rowSeverities() {
        if (probabilities == null) {
            return rowLosses();
        }
        if (scored()) {
            return scoreOrder().rowLogLosses();
        }
        double[] losses = new double[truth.length];
        for (int r = 0; r < truth.length; r++) {
            losses[r] = ClassProbabilities.rowLogLoss(probabilities, truth[r], r);
        }
        return losses;
    }

    /** Every row, one array: {@link #binaryScores} keeps the sorted scores of the last array it saw. */
    private synchronized int[] allRows() {
        if (allRows == null) {
            allRows = TaskEvaluator.all(rows());
        }
        return allRows;
    }

    /** A binary task with the positive label's scores: its metrics come from {@link ScoreOrder}. */
    private boolean scored() {
        return positive >= 0 && probabilities != null;
    }

    private synchronized ScoreOrder scoreOrder() {
        if (scoreOrder == null) {
            scoreOrder = ScoreOrder.of(truth, predicted, probabilities, positive);
        }
        return scoreOrder;
    }

    /**
     * A binary task with scores: every group's inputs from one sweep over the rows in score order,
     * then each group's metrics on its own core. Other tasks: one {@link #metrics} call per group.
     */
    @Override
    public List<List<Metric>> metricsByGroup(int[] group, int groups) {
        if (!scored()) {
            return TaskEvaluator.super.metricsByGroup(group, groups);
        }
        return scoreOrder().sweep(group, groups).parallelStream()
                .map(g -> {
                    if (g.size() == 0) {
                        return List.<Metric>of();
                    }
                    List<Metric> metrics = countMetrics(new ConfusionCounts(labels, unflatten(g.cells())));
                    binaryScoreMetrics(
                            new Losses(
                                    new RowMean(g.logLossSum(), g.logLossSquares(), g.size()),
                                    new RowMean(g.squaredErrorSum(), g.squaredErrorSquares(), g.size())),
                            BinaryScores.sorted(g.positives(), g.negatives()),
                            metrics);
                    return metrics;
                })
                .toList();
    }

    /** The whole test set's scores of the positive label, sorted by the same sweep. */
    private BinaryScores wholeSet() {
        ScoreOrder.Group all = scoreOrder().sweep(null, 1).get(0);
        return BinaryScores.sorted(all.positives(), all.negatives());
    }

    /**
     * The confusion counts of some rows: as a matrix when it is small next to the rows, else as its
     * non-zero cells (1,000 labels make a million cells; a slice value of 20 rows has at most 20).
     */
    public ConfusionCounts counts(int[] rows) {
        int k = labels.size();
        if ((long) k * k <= 4L * rows.length + 64) {
            long[][] counts = new long[k][k];
            for (int r : rows) {
                counts[truth[r]][predicted[r]]++;
            }
            return new ConfusionCounts(labels, counts);
        }
        long[] keys = new long[rows.length];
        for (int i = 0; i < rows.length; i++) {
            keys[i] = (long) truth[rows[i]] * k + predicted[rows[i]];
        }
        Cells cells = Cells.of(keys);
        int[] cellTruth = new int[cells.size()];
        int[] cellPredicted = new int[cells.size()];
        for (int c = 0; c < cells.size(); c++) {
            cellTruth[c] = (int) (cells.keys()[c] / k);
            cellPredicted[c] = (int) (cells.keys()[c] % k);
        }
        return ConfusionCounts.ofCells(labels, cellTruth, cellPredicted, cells.counts());
    }

    /** Distinct keys in ascending order with how often each occurs. */
    public record Cells(long[] keys, long[] counts) {
        /** Sorts {@code keys} in place and counts the runs. */
        public static Cells of(long[] keys) {
            Arrays.sort(keys);
            int distinct = 0;
            for (int i = 0; i < keys.length; i++) {
                distinct += i == 0 || keys[i] != keys[i - 1] ? 1 : 0;
            }
            long[] unique = new long[distinct];
            long[] counts = new long[distinct];
            int at = -1;
            for (int i = 0; i < keys.length; i++) {
                if (i == 0 || keys[i] != keys[i - 1]) {
                    unique[++at] = keys[i];
                }
                counts[at]++;
            }
            return new Cells(unique, counts);
        }

        public int size() {
            return keys.length;
        }
    }

    @Override
    public List<Metric> metrics(int[] rows) {
        List<Metric> metrics = countMetrics(counts(rows));
        if (probabilities != null && positive >= 0) {
            binaryScoreMetrics(losses(rows), binaryScores(rows, positive), metrics);
        } else if (probabilities != null) {
            multiclassScoreMetrics(rows, metrics);
        }
        return metrics;
    }

    /** Accuracy, precision, recall and F1, the averages, kappa and MCC, with their intervals. */
    private List<Metric> countMetrics(ConfusionCounts counts) {
        double level = bootstrap.level();
        List<Metric> metrics = new ArrayList<>();
        Interval accuracyInterval = Intervals.wilson(counts.correct(), counts.total(), level);
        metrics.add(new Metric("accuracy", counts.accuracy(), accuracyInterval));
        if (positive >= 0) {
            metrics.add(new Metric(
                    "precision",
                    counts.precision(positive),
                    Intervals.wilson(counts.counts()[positive][positive], counts.predictedCount(positive), level)));
            metrics.add(new Metric(
                    "recall",
                    counts.recall(positive),
                    Intervals.wilson(counts.counts()[positive][positive], counts.support(positive), level)));
        }
        List<String> names = bootstrappedCountMetrics();
        double[] values = countValues(counts);
        // resampled: the non-zero cells (in row-major order, as the matrix's cells were drawn before)
        Interval[] intervals = Intervals.bootstrap(
                counts.cellCounts(),
                cells ->
                        countValues(ConfusionCounts.ofCells(labels, counts.cellTruth(), counts.cellPredicted(), cells)),
                bootstrap);
        for (int m = 0; m < names.size(); m++) {
            Metric.addIfDefined(metrics, names.get(m), values[m], intervals[m]);
        }
        metrics.add(new Metric("f1_micro", counts.micro().f1(), accuracyInterval));
        return metrics;
    }

    private double[] countValues(ConfusionCounts c) {
        if (c.total() == 0) {
            double[] nan = new double[bootstrappedCountMetrics().size()];
            Arrays.fill(nan, Double.NaN);
            return nan;
        }
        ConfusionCounts.PrecisionRecallF1 macro = c.macro();
        ConfusionCounts.PrecisionRecallF1 weighted = c.weighted();
        // one label per row: the Hamming loss is the zero-one loss
        double[] values = {
            c.balancedAccuracy(),
            macro.precision(),
            macro.recall(),
            macro.f1(),
            weighted.precision(),
            weighted.recall(),
            weighted.f1(),
            c.cohenKappa(),
            c.mcc(),
            c.jaccardMacro(),
            c.jaccardWeighted(),
            c.jaccardMicro(),
            1 - c.accuracy(),
            1 - c.accuracy()
        };
        if (positive >= 0) {
            values = Arrays.copyOf(values, values.length + POSITIVE_COUNT_METRICS.size());
            double[] ofPositive = {
                c.f1(positive),
                c.fBeta(positive, 2),
                c.fBeta(positive, 0.5),
                c.jaccard(positive),
                c.positiveLikelihoodRatio(positive),
                c.negativeLikelihoodRatio(positive)
            };
            System.arraycopy(ofPositive, 0, values, COUNT_METRICS.size(), ofPositive.length);
        }
        return values;
    }

    /**
     * Binary: ROC-AUC with DeLong's interval (logit scale); log loss and Brier score (means of
     * per-row losses) with normal intervals; average precision with a bootstrap over score buckets
     * (no rows resampled, so it costs the same at any size); ECE without an interval.
     */
    private void binaryScoreMetrics(Losses losses, BinaryScores scores, List<Metric> metrics) {
        double level = bootstrap.level();
        if (scores.hasBothClasses()) {
            metrics.add(new Metric("roc_auc", scores.rocAuc(), Intervals.delong(scores, level)));
            metrics.add(new Metric(
                    "average_precision",
                    scores.averagePrecision(),
                    scores.averagePrecisionInterval(AP_BUCKETS, bootstrap)));
        }
        Metric.addIfDefined(
                metrics, "log_loss", losses.log().mean(), losses.log().interval(level));
        Metric.addIfDefined(
                metrics, "brier", losses.brier().mean(), losses.brier().interval(level));
        if (losses.log().n() > 0) {
            // No interval: the plug-in ECE is biased upward (|noise| adds to every bin), and its
            // bootstrap interval, centred on that bias, covered the population ECE 46 % of the time at
            // 500 rows and 0.6 % at 100. An interval for a debiased estimate is not built yet.
            metrics.add(new Metric("ece", scores.calibration(CALIBRATION_BINS).expectedCalibrationError(), null));
        }
    }

    /**
     * Log loss and the multiclass Brier score with normal intervals, top-2 accuracy with Wilson's;
     * the AUC averages and the macro average precision with a row bootstrap up to
     * {@value #MULTICLASS_BOOTSTRAP_LIMIT} rows (each resample sorts every label and label pair:
     * 7 s for 3,467 rows and 1,000 resamples on 2 cores), above it without an interval.
     */
    private void multiclassScoreMetrics(int[] rows, List<Metric> metrics) {
        double level = bootstrap.level();
        Losses losses = losses(rows);
        Metric.addIfDefined(
                metrics, "log_loss", losses.log().mean(), losses.log().interval(level));
        List<String> names = List.of(
                "roc_auc_ovr_macro",
                "roc_auc_ovr_weighted",
                "roc_auc_ovo_macro",
                "roc_auc_ovo_weighted",
                "average_precision_ovr_macro");
        ClassProbabilities multiclass = multiclass(rows);
        double[] values = multiclassRankings(multiclass);
        Interval[] intervals = rows.length <= Math.min(rowBootstrapLimit, MULTICLASS_BOOTSTRAP_LIMIT)
                ? Intervals.bootstrapRows(
                        rows.length, w -> multiclassRankings(multiclass(TaskEvaluator.expand(rows, w))), bootstrap)
                : new Interval[names.size()];
        for (int m = 0; m < names.size(); m++) {
            Metric.addIfDefined(metrics, names.get(m), values[m], intervals[m]);
        }
        if (rows.length == 0) {
            return;
        }
        for (int k : topK) {
            long hits = multiclass.topKHits(k);
            metrics.add(new Metric(
                    "top_" + k + "_accuracy", (double) hits / rows.length, Intervals.wilson(hits, rows.length, level)));
        }
        double sum = 0;
        double squares = 0;
        double rankPrecisions = 0;
        double rankPrecisionSquares = 0;
        for (int i = 0; i < rows.length; i++) {
            double brier = multiclass.rowBrier(i);
            sum += brier;
            squares += brier * brier;
            double rankPrecision = multiclass.rowLabelRankPrecision(i);
            rankPrecisions += rankPrecision;
            rankPrecisionSquares += rankPrecision * rankPrecision;
        }
        RowMean brier = new RowMean(sum, squares, rows.length);
        metrics.add(new Metric("brier_multiclass", brier.mean(), brier.interval(level)));
        RowMean rankPrecision = new RowMean(rankPrecisions, rankPrecisionSquares, rows.length);
        metrics.add(new Metric("label_ranking_average_precision", rankPrecision.mean(), rankPrecision.interval(level)));
    }

    /** Per-row log loss (clipped and renormalised as scikit-learn) and Brier score: their sums. */
    private Losses losses(int[] rows) {
        double logSum = 0;
        double logSquares = 0;
        double brierSum = 0;
        double brierSquares = 0;
        for (int r : rows) {
            double log = ClassProbabilities.rowLogLoss(probabilities, truth[r], r);
            logSum += log;
            logSquares += log * log;
            if (positive >= 0) {
                double error = probabilities[positive][r] - (truth[r] == positive ? 1 : 0);
                brierSum += error * error;
                brierSquares += error * error * error * error;
            }
        }
        return new Losses(
                new RowMean(logSum, logSquares, rows.length), new RowMean(brierSum, brierSquares, rows.length));
    }

    /** The per-row log losses and squared errors (Brier) of the same rows. */
    private record Losses(RowMean log, RowMean brier) {}

    /** A mean over n rows from the sum of the row values and of their squares, with its normal interval. */
    private record RowMean(double sum, double squares, long n) {
        double mean() {
            return sum / n;
        }

        double variance() {
            return n < 2 ? Double.NaN : Math.max(0, (squares - sum * sum / n) / (n - 1));
        }

        Interval interval(double level) {
            return Intervals.normalMean(mean(), variance(), n, level);
        }
    }

    /** The score metrics this task reports, in the order {@link #scoreValues} computes them. */
    private static List<String> scoreMetricNames(int positive, List<Integer> topK) {
        return positive >= 0
                ? List.of("roc_auc", "average_precision", "log_loss", "brier", "ece")
                : Stream.of(
                                Stream.of(
                                        "log_loss",
                                        "roc_auc_ovr_macro",
                                        "roc_auc_ovr_weighted",
                                        "roc_auc_ovo_macro",
                                        "roc_auc_ovo_weighted",
                                        "average_precision_ovr_macro"),
                                topK.stream().map(k -> "top_" + k + "_accuracy"),
                                Stream.of("brier_multiclass", "label_ranking_average_precision"))
                        .flatMap(names -> names)
                        .toList();
    }

    /** Score metrics in the order of {@link #scoreMetricNames(int, List)}, without intervals. */
    private double[] scoreValues(int[] rows) {
        if (rows.length == 0) {
            double[] nan = new double[scoreMetricNames.size()];
            Arrays.fill(nan, Double.NaN);
            return nan;
        }
        Losses losses = losses(rows);
        if (positive >= 0) {
            BinaryScores scores = binaryScores(rows, positive);
            boolean ranked = scores.hasBothClasses();
            return new double[] {
                ranked ? scores.rocAuc() : Double.NaN,
                ranked ? scores.averagePrecision() : Double.NaN,
                losses.log().mean(),
                losses.brier().mean(),
                scores.calibration(CALIBRATION_BINS).expectedCalibrationError()
            };
        }
        ClassProbabilities multiclass = multiclass(rows);
        double[] rankings = multiclassRankings(multiclass);
        double brier = 0;
        double rankPrecision = 0;
        for (int i = 0; i < rows.length; i++) {
            brier += multiclass.rowBrier(i);
            rankPrecision += multiclass.rowLabelRankPrecision(i);
        }
        double[] values = new double[scoreMetricNames.size()];
        int m = 0;
        values[m++] = losses.log().mean();
        for (double ranking : rankings) {
            values[m++] = ranking;
        }
        for (int k : topK) {
            values[m++] = multiclass.topKAccuracy(k);
        }
        values[m++] = brier / rows.length;
        values[m] = rankPrecision / rows.length;
        return values;
    }

    /**
     * One-vs-rest and one-vs-one ROC-AUC, macro and weighted, and the one-vs-rest macro average
     * precision; NaN when only one label occurs.
     */
    private static double[] multiclassRankings(ClassProbabilities multiclass) {
        if (multiclass.labelsPresent() < 2) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        }
        return new double[] {
            multiclass.rocAucOneVsRest(false),
            multiclass.rocAucOneVsRest(true),
            multiclass.rocAucOneVsOne(false),
            multiclass.rocAucOneVsOne(true),
            multiclass.averagePrecisionOneVsRest()
        };
    }

    /** These rows' labels and probabilities (renormalised per row). */
    private ClassProbabilities multiclass(int[] rows) {
        int[] t = new int[rows.length];
        double[][] p = new double[labels.size()][rows.length];
        for (int i = 0; i < rows.length; i++) {
            t[i] = truth[rows[i]];
            for (int c = 0; c < labels.size(); c++) {
                p[c][i] = probabilities[c][rows[i]];
            }
        }
        return new ClassProbabilities(t, p);
    }

    /**
     * The sorted scores of one label on these rows. Sorting is the costliest step at scale, so the
     * last row set's scores are kept: the report asks for the whole set's several times.
     */
    private BinaryScores binaryScores(int[] rows, int label) {
        synchronized (this) {
            if (rows == cachedRows && cachedScores[label] != null) {
                return cachedScores[label];
            }
        }
        BinaryScores scores = sortedScores(rows, label);
        synchronized (this) {
            if (rows != cachedRows) {
                cachedRows = rows;
                cachedScores = new BinaryScores[labels.size()];
            }
            cachedScores[label] = scores;
        }
        return scores;
    }

    private BinaryScores sortedScores(int[] rows, int label) {
        boolean[] isPositive = new boolean[rows.length];
        double[] scores = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            isPositive[i] = truth[rows[i]] == label;
            scores[i] = probabilities[label][rows[i]];
        }
        return BinaryScores.of(isPositive, scores);
    }

    /**
     * The whole test set's per-label precision and recall (Wilson), F1, and for a multiclass task
     * with probabilities the one-vs-rest ROC-AUC (DeLong) and average precision.
     */
    public List<ClassResult> classes() {
        ConfusionCounts counts = ConfusionCounts.count(labels, truth, predicted);
        List<ClassResult> classes = new ArrayList<>();
        for (int c = 0; c < labels.size(); c++) {
            List<Metric> metrics = new ArrayList<>();
            metrics.add(new Metric(
                    "precision",
                    counts.precision(c),
                    Intervals.wilson(counts.counts()[c][c], counts.predictedCount(c), bootstrap.level())));
            metrics.add(new Metric(
                    "recall",
                    counts.recall(c),
                    Intervals.wilson(counts.counts()[c][c], counts.support(c), bootstrap.level())));
            metrics.add(new Metric("f1", counts.f1(c), null));
            if (probabilities != null && positive < 0) { // binary: the overall ROC-AUC is the positive label's
                BinaryScores scores = binaryScores(allRows(), c);
                if (scores.hasBothClasses()) {
                    metrics.add(new Metric("roc_auc", scores.rocAuc(), Intervals.delong(scores, bootstrap.level())));
                    metrics.add(new Metric("average_precision", scores.averagePrecision(), null));
                }
            }
            classes.add(new ClassResult(labels.get(c), counts.support(c), metrics));
        }
        return classes;
    }

    /**
     * The whole test set's ROC, precision-recall and DET curves and the reliability diagram of the positive label, or
     * one-vs-rest ROC curves.
     */
    public List<LabelCurve> curves() {
        List<LabelCurve> curves = new ArrayList<>();
        if (probabilities == null) {
            return curves;
        }
        for (int c = 0; c < labels.size(); c++) {
            if (positive >= 0 && c != positive) {
                continue;
            }
            BinaryScores scores = scored() ? wholeSet() : binaryScores(allRows(), c);
            if (!scores.hasBothClasses()) {
                continue;
            }
            curves.add(curve("roc", c, scores.rocCurve(MAX_CURVE_POINTS)));
            if (positive >= 0) {
                curves.add(curve("precision_recall", c, scores.precisionRecallCurve(MAX_CURVE_POINTS)));
                curves.add(curve("det", c, scores.detCurve(MAX_CURVE_POINTS)));
                curves.add(new LabelCurve(
                        "calibration",
                        labels.get(c),
                        scores.calibration(10).bins().stream()
                                .map(b -> new LabelCurve.Point(
                                        b.meanPredicted(), b.fractionPositive(), b.lower(), b.count()))
                                .toList()));
            }
        }
        return curves;
    }

    private LabelCurve curve(String kind, int label, List<BinaryScores.CurvePoint> points) {
        return new LabelCurve(
                kind,
                labels.get(label),
                points.stream()
                        .map(p -> new LabelCurve.Point(p.x(), p.y(), p.threshold(), 0))
                        .toList());
    }

    private static long[][] unflatten(long[] cells) {
        int k = (int) Math.round(Math.sqrt(cells.length));
        long[][] matrix = new long[k][k];
        for (int i = 0; i < k; i++) {
            System.arraycopy(cells, i * k, matrix[i], 0, k);
        }
        return matrix;
    }
}
