package dev.ratchet.evaluation.scoring;

import dev.ratchet.evaluation.metrics.BinaryScores;
import dev.ratchet.evaluation.metrics.ClassProbabilities;
import dev.ratchet.evaluation.metrics.ConfusionCounts;
import dev.ratchet.evaluation.metrics.Interval;
import dev.ratchet.evaluation.metrics.Intervals;
import dev.ratchet.evaluation.metrics.Intervals.BootstrapSettings;
import dev.ratchet.evaluation.v1.ClassReport;
import dev.ratchet.evaluation.v1.Curve;
import dev.ratchet.evaluation.v1.CurvePoint;
import dev.ratchet.events.v1.ConfusionMatrix;
import dev.ratchet.events.v1.ConfusionMatrixRow;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Classification metrics with scikit-learn's definitions. Intervals: Wilson for proportions
 * (accuracy, precision, recall), DeLong for a binary ROC-AUC, a Poisson bootstrap of the confusion
 * matrix's cells for the other count-based metrics, and of the rows for the other score-based ones.
 */
public final class ClassificationEvaluator implements TaskEvaluator {
    /** Curves are thinned to about this many points, so a report stays small at any test-set size. */
    static final int MAX_CURVE_POINTS = 500;

    private static final List<String> COUNT_METRICS = List.of("balanced_accuracy", "precision_macro", "recall_macro",
            "f1_macro", "precision_weighted", "recall_weighted", "f1_weighted", "cohen_kappa", "mcc");

    private final List<String> labels;
    private final int[] truth;
    private final int[] predicted;
    private final double[][] probabilities;
    private final int positive;
    private final BootstrapSettings bootstrap;
    private final int rowBootstrapLimit;

    /**
     * @param probabilities one column per label (same order as {@code labels}), or null
     * @param positive the positive label's index for a binary task, else -1
     * @param rowBootstrapLimit above this many rows, score metrics other than AUC get no interval
     */
    public ClassificationEvaluator(List<String> labels, int[] truth, int[] predicted, double[][] probabilities,
                                   int positive, BootstrapSettings bootstrap, int rowBootstrapLimit) {
        this.labels = List.copyOf(labels);
        this.truth = truth;
        this.predicted = predicted;
        this.probabilities = probabilities;
        this.positive = positive;
        this.bootstrap = bootstrap;
        this.rowBootstrapLimit = rowBootstrapLimit;
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
    public double[] rowLosses() {
        double[] losses = new double[truth.length];
        for (int i = 0; i < truth.length; i++) {
            losses[i] = truth[i] == predicted[i] ? 0 : 1;
        }
        return losses;
    }

    @Override
    public List<String> metricNames() {
        List<String> names = new ArrayList<>(List.of("accuracy"));
        if (positive >= 0) {
            names.addAll(List.of("precision", "recall", "f1"));
        }
        names.addAll(COUNT_METRICS);
        names.add("f1_micro");
        if (probabilities != null) {
            names.addAll(scoreMetricNames());
        }
        return names;
    }

    /** Whether the metric depends on the confusion matrix alone. */
    public boolean isCountMetric(String metric) {
        return !scoreMetricNames().contains(metric) && metricNames().contains(metric);
    }

    @Override
    public double value(String metric, int[] rows) {
        if (isCountMetric(metric)) {
            return countValue(metric, counts(rows));
        }
        return scoreValues(rows)[scoreMetricNames().indexOf(metric)];
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
            case "f1" -> c.f1(positive);
            case "f1_micro" -> c.micro().f1();
            default -> countMetrics(c)[COUNT_METRICS.indexOf(metric)];
        };
    }

    public int[] truth() {
        return truth;
    }

    public int[] predicted() {
        return predicted;
    }

    public ConfusionCounts counts(int[] rows) {
        long[][] counts = new long[labels.size()][labels.size()];
        for (int r : rows) {
            counts[truth[r]][predicted[r]]++;
        }
        return new ConfusionCounts(labels, counts);
    }

    @Override
    public List<Metric> metrics(int[] rows) {
        ConfusionCounts counts = counts(rows);
        double level = bootstrap.level();
        List<Metric> metrics = new ArrayList<>();
        Interval accuracyInterval = Intervals.wilson(counts.correct(), counts.total(), level);
        metrics.add(new Metric("accuracy", counts.accuracy(), accuracyInterval));
        if (positive >= 0) {
            metrics.add(new Metric("precision", counts.precision(positive),
                    Intervals.wilson(counts.counts()[positive][positive], counts.predictedCount(positive), level)));
            metrics.add(new Metric("recall", counts.recall(positive),
                    Intervals.wilson(counts.counts()[positive][positive], counts.support(positive), level)));
        }
        List<String> names = new ArrayList<>(COUNT_METRICS);
        if (positive >= 0) {
            names.add("f1");
        }
        double[] values = countMetrics(counts);
        Interval[] intervals = Intervals.bootstrap(flatten(counts.counts()),
                cells -> countMetrics(new ConfusionCounts(labels, unflatten(cells))), bootstrap);
        for (int m = 0; m < names.size(); m++) {
            add(metrics, names.get(m), values[m], intervals[m]);
        }
        metrics.add(new Metric("f1_micro", counts.micro().f1(), accuracyInterval));
        if (probabilities != null) {
            scoreMetrics(rows, metrics);
        }
        return metrics;
    }

    private double[] countMetrics(ConfusionCounts c) {
        if (c.total() == 0) {
            double[] nan = new double[COUNT_METRICS.size() + (positive >= 0 ? 1 : 0)];
            Arrays.fill(nan, Double.NaN);
            return nan;
        }
        ConfusionCounts.PrecisionRecallF1 macro = c.macro();
        ConfusionCounts.PrecisionRecallF1 weighted = c.weighted();
        double[] values = {c.balancedAccuracy(), macro.precision(), macro.recall(), macro.f1(), weighted.precision(),
                weighted.recall(), weighted.f1(), c.cohenKappa(), c.mcc()};
        if (positive >= 0) {
            values = Arrays.copyOf(values, values.length + 1);
            values[values.length - 1] = c.f1(positive);
        }
        return values;
    }

    private void scoreMetrics(int[] rows, List<Metric> metrics) {
        List<String> names = scoreMetricNames();
        double[] values = scoreValues(rows);
        Interval[] intervals = rows.length <= rowBootstrapLimit
                ? Intervals.bootstrapRows(rows.length, weights -> scoreValues(TaskEvaluator.expand(rows, weights)),
                        bootstrap)
                : new Interval[names.size()];
        for (int m = 0; m < names.size(); m++) {
            Interval interval = intervals[m];
            if (names.get(m).equals("roc_auc")) {
                BinaryScores scores = binaryScores(rows, positive);
                interval = scores.hasBothClasses() ? Intervals.delong(scores, bootstrap.level()) : null;
            }
            add(metrics, names.get(m), values[m], interval);
        }
    }

    private List<String> scoreMetricNames() {
        return positive >= 0
                ? List.of("roc_auc", "average_precision", "log_loss", "brier", "ece")
                : List.of("log_loss", "roc_auc_ovr_macro", "roc_auc_ovr_weighted", "roc_auc_ovo_macro");
    }

    private double[] scoreValues(int[] rows) {
        int[] t = new int[rows.length];
        double[][] p = new double[labels.size()][rows.length];
        for (int i = 0; i < rows.length; i++) {
            t[i] = truth[rows[i]];
            for (int c = 0; c < labels.size(); c++) {
                p[c][i] = probabilities[c][rows[i]];
            }
        }
        double logLoss = rows.length == 0 ? Double.NaN : ClassProbabilities.logLoss(t, p);
        if (positive >= 0) {
            BinaryScores scores = binaryScores(rows, positive);
            boolean ranked = scores.hasBothClasses();
            return new double[] {ranked ? scores.rocAuc() : Double.NaN, ranked ? scores.averagePrecision() : Double.NaN,
                    logLoss, rows.length == 0 ? Double.NaN : scores.brier(),
                    rows.length == 0 ? Double.NaN : scores.calibration(10).expectedCalibrationError()};
        }
        ClassProbabilities multiclass = new ClassProbabilities(t, p);
        int present = 0;
        boolean[] seen = new boolean[labels.size()];
        for (int label : t) {
            if (!seen[label]) {
                seen[label] = true;
                present++;
            }
        }
        boolean ranked = present >= 2;
        return new double[] {logLoss, ranked ? multiclass.rocAucOneVsRest(false) : Double.NaN,
                ranked ? multiclass.rocAucOneVsRest(true) : Double.NaN,
                ranked ? multiclass.rocAucOneVsOne() : Double.NaN};
    }

    private BinaryScores binaryScores(int[] rows, int label) {
        boolean[] isPositive = new boolean[rows.length];
        double[] scores = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            isPositive[i] = truth[rows[i]] == label;
            scores[i] = probabilities[label][rows[i]];
        }
        return BinaryScores.of(isPositive, scores);
    }

    /** Per-label precision and recall (Wilson), F1, and with probabilities the one-vs-rest ROC-AUC (DeLong). */
    public List<ClassReport> classes(int[] rows) {
        ConfusionCounts counts = counts(rows);
        List<ClassReport> classes = new ArrayList<>();
        for (int c = 0; c < labels.size(); c++) {
            List<Metric> metrics = new ArrayList<>();
            metrics.add(new Metric("precision", counts.precision(c),
                    Intervals.wilson(counts.counts()[c][c], counts.predictedCount(c), bootstrap.level())));
            metrics.add(new Metric("recall", counts.recall(c),
                    Intervals.wilson(counts.counts()[c][c], counts.support(c), bootstrap.level())));
            metrics.add(new Metric("f1", counts.f1(c), null));
            if (probabilities != null) {
                BinaryScores scores = binaryScores(rows, c);
                if (scores.hasBothClasses()) {
                    metrics.add(new Metric("roc_auc", scores.rocAuc(), Intervals.delong(scores, bootstrap.level())));
                    metrics.add(new Metric("average_precision", scores.averagePrecision(), null));
                }
            }
            ClassReport.Builder report = ClassReport.newBuilder().setLabel(labels.get(c)).setSupport(counts.support(c));
            metrics.forEach(m -> report.addMetrics(m.toProto()));
            classes.add(report.build());
        }
        return classes;
    }

    public static ConfusionMatrix toProto(ConfusionCounts counts) {
        ConfusionMatrix.Builder matrix = ConfusionMatrix.newBuilder().addAllLabels(counts.labels());
        for (long[] row : counts.counts()) {
            ConfusionMatrixRow.Builder r = ConfusionMatrixRow.newBuilder();
            for (long c : row) {
                r.addCounts(c);
            }
            matrix.addRows(r);
        }
        return matrix.build();
    }

    /** ROC and PR curves and the reliability diagram of the positive label, or one-vs-rest ROC curves. */
    public List<Curve> curves(int[] rows) {
        List<Curve> curves = new ArrayList<>();
        if (probabilities == null) {
            return curves;
        }
        for (int c = 0; c < labels.size(); c++) {
            if (positive >= 0 && c != positive) {
                continue;
            }
            BinaryScores scores = binaryScores(rows, c);
            if (!scores.hasBothClasses()) {
                continue;
            }
            curves.add(curve("roc", c, scores.rocCurve()));
            if (positive >= 0) {
                curves.add(curve("precision_recall", c, scores.precisionRecallCurve()));
                Curve.Builder calibration = Curve.newBuilder().setKind("calibration").setLabel(labels.get(c));
                scores.calibration(10).bins().forEach(b -> calibration.addPoints(CurvePoint.newBuilder()
                        .setX(b.meanPredicted()).setY(b.fractionPositive()).setThreshold(b.lower()).setCount(b.count())));
                curves.add(calibration.build());
            }
        }
        return curves;
    }

    private Curve curve(String kind, int label, List<BinaryScores.CurvePoint> points) {
        Curve.Builder curve = Curve.newBuilder().setKind(kind).setLabel(labels.get(label));
        int step = Math.max(1, points.size() / MAX_CURVE_POINTS);
        for (int i = 0; i < points.size(); i += step) {
            curve.addPoints(point(points.get(i)));
        }
        if ((points.size() - 1) % step != 0) {
            curve.addPoints(point(points.get(points.size() - 1)));
        }
        return curve.build();
    }

    private static CurvePoint point(BinaryScores.CurvePoint p) {
        return CurvePoint.newBuilder().setX(p.x()).setY(p.y())
                .setThreshold(Double.isInfinite(p.threshold()) ? Double.MAX_VALUE : p.threshold()).build();
    }

    static void add(List<Metric> metrics, String name, double value, Interval interval) {
        if (!Double.isNaN(value)) {
            metrics.add(new Metric(name, value, interval));
        }
    }

    private static long[] flatten(long[][] matrix) {
        long[] cells = new long[matrix.length * matrix.length];
        for (int i = 0; i < matrix.length; i++) {
            System.arraycopy(matrix[i], 0, cells, i * matrix.length, matrix.length);
        }
        return cells;
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
