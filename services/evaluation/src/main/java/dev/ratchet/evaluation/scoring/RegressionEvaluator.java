package dev.ratchet.evaluation.scoring;

import dev.ratchet.evaluation.metrics.Interval;
import dev.ratchet.evaluation.metrics.Intervals;
import dev.ratchet.evaluation.metrics.Intervals.BootstrapSettings;
import dev.ratchet.evaluation.metrics.RegressionMetrics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Regression metrics with scikit-learn's definitions; intervals by a Poisson bootstrap of the rows. */
public final class RegressionEvaluator implements TaskEvaluator {
    private static final List<String> NAMES = List.of(
            "mae",
            "mse",
            "rmse",
            "r2",
            "mape",
            "median_absolute_error",
            "max_error",
            "explained_variance",
            "d2_absolute_error",
            "msle",
            "mean_poisson_deviance",
            "mean_gamma_deviance");

    private final double[] truth;
    private final double[] predicted;
    private final BootstrapSettings bootstrap;
    private final int rowBootstrapLimit;

    public RegressionEvaluator(double[] truth, double[] predicted, BootstrapSettings bootstrap, int rowBootstrapLimit) {
        this.truth = truth;
        this.predicted = predicted;
        this.bootstrap = bootstrap;
        this.rowBootstrapLimit = rowBootstrapLimit;
    }

    @Override
    public int rows() {
        return truth.length;
    }

    @Override
    public String headlineMetric() {
        return "mae";
    }

    @Override
    public boolean higherIsBetter() {
        return false;
    }

    @Override
    public boolean binaryLoss() {
        return false;
    }

    @Override
    public double rowLoss(int row) {
        return Math.abs(truth[row] - predicted[row]);
    }

    @Override
    public List<String> metricNames() {
        return NAMES;
    }

    @Override
    public double value(String metric, int[] rows) {
        return values(rows)[NAMES.indexOf(metric)];
    }

    @Override
    public List<Metric> metrics(int[] rows) {
        double[] values = values(rows);
        Interval[] intervals = rows.length <= rowBootstrapLimit
                ? Intervals.bootstrapRows(
                        rows.length, weights -> values(TaskEvaluator.expand(rows, weights)), bootstrap)
                : new Interval[NAMES.size()];
        List<Metric> metrics = new ArrayList<>();
        for (int m = 0; m < NAMES.size(); m++) {
            Metric.addIfDefined(metrics, NAMES.get(m), values[m], intervals[m]);
        }
        return metrics;
    }

    private double[] values(int[] rows) {
        if (rows.length == 0) {
            double[] nan = new double[NAMES.size()];
            Arrays.fill(nan, Double.NaN);
            return nan;
        }
        double[] t = new double[rows.length];
        double[] p = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            t[i] = truth[rows[i]];
            p[i] = predicted[rows[i]];
        }
        RegressionMetrics m = RegressionMetrics.of(t, p);
        return new double[] {
            m.mae(),
            m.mse(),
            m.rmse(),
            m.r2(),
            m.mape(),
            m.medianAbsoluteError(),
            m.maxError(),
            m.explainedVariance(),
            m.d2AbsoluteError(),
            m.msle(),
            m.meanPoissonDeviance(),
            m.meanGammaDeviance()
        };
    }
}
