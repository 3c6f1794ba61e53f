package dev.ratchet.evaluation.scoring;

import dev.ratchet.evaluation.metrics.Interval;
import dev.ratchet.evaluation.metrics.Intervals;
import dev.ratchet.evaluation.metrics.Intervals.BootstrapSettings;
import dev.ratchet.evaluation.metrics.RegressionMetrics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Regression metrics with scikit-learn's definitions, with the pinball loss and the Tweedie deviance
 * when the options give their alpha and power; intervals by a Poisson bootstrap of the rows.
 */
public final class RegressionEvaluator implements TaskEvaluator {
    private static final List<String> ALWAYS = List.of(
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

    /** The quantile a quantile model predicts, and a Tweedie power; each optional. */
    public record Parameters(OptionalDouble quantile, OptionalDouble tweediePower) {
        public static final Parameters NONE = new Parameters(OptionalDouble.empty(), OptionalDouble.empty());
    }

    private final double[] truth;
    private final double[] predicted;
    private final Parameters parameters;
    private final BootstrapSettings bootstrap;
    private final int rowBootstrapLimit;
    private final List<String> names;

    public RegressionEvaluator(
            double[] truth,
            double[] predicted,
            Parameters parameters,
            BootstrapSettings bootstrap,
            int rowBootstrapLimit) {
        this.truth = truth;
        this.predicted = predicted;
        this.parameters = parameters;
        this.bootstrap = bootstrap;
        this.rowBootstrapLimit = rowBootstrapLimit;
        List<String> names = new ArrayList<>(ALWAYS);
        if (parameters.quantile().isPresent()) {
            names.addAll(List.of("pinball_loss", "d2_pinball"));
        }
        if (parameters.tweediePower().isPresent()) {
            names.addAll(List.of("mean_tweedie_deviance", "d2_tweedie"));
        }
        this.names = List.copyOf(names);
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
        return names;
    }

    @Override
    public double value(String metric, int[] rows) {
        return values(rows)[names.indexOf(metric)];
    }

    @Override
    public List<Metric> metrics(int[] rows) {
        double[] values = values(rows);
        Interval[] intervals = rows.length <= rowBootstrapLimit
                ? Intervals.bootstrapRows(
                        rows.length, weights -> values(TaskEvaluator.expand(rows, weights)), bootstrap)
                : new Interval[names.size()];
        List<Metric> metrics = new ArrayList<>();
        for (int m = 0; m < names.size(); m++) {
            Metric.addIfDefined(metrics, names.get(m), values[m], intervals[m]);
        }
        return metrics;
    }

    private double[] values(int[] rows) {
        if (rows.length == 0) {
            double[] nan = new double[names.size()];
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
        double[] values = {
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
        double[] all = Arrays.copyOf(values, names.size());
        int next = values.length;
        if (parameters.quantile().isPresent()) {
            double alpha = parameters.quantile().getAsDouble();
            all[next++] = RegressionMetrics.pinballLoss(t, p, alpha);
            all[next++] = RegressionMetrics.d2Pinball(t, p, alpha);
        }
        if (parameters.tweediePower().isPresent()) {
            double power = parameters.tweediePower().getAsDouble();
            all[next++] = RegressionMetrics.tweedieDeviance(t, p, power);
            all[next] = RegressionMetrics.d2Tweedie(t, p, power);
        }
        return all;
    }
}
