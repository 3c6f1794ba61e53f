package dev.ratchet.evaluation.metrics;

import java.util.Arrays;

/**
 * Regression errors with scikit-learn's definitions. The log and deviance errors are NaN (not
 * reported) where scikit-learn refuses the data: MSLE with a negative target or prediction, the
 * Poisson deviance with a negative target or a prediction ≤ 0, the Gamma deviance with either ≤ 0.
 */
public record RegressionMetrics(
        double mae,
        double mse,
        double rmse,
        double r2,
        double mape,
        double medianAbsoluteError,
        double maxError,
        double explainedVariance,
        double d2AbsoluteError,
        double msle,
        double meanPoissonDeviance,
        double meanGammaDeviance) {

    /** scikit-learn's floor for |y| in MAPE, so a zero target gives a huge but finite error. */
    private static final double EPSILON = Math.ulp(1.0);

    public static RegressionMetrics of(double[] truth, double[] predicted) {
        int n = truth.length;
        double[] absolute = new double[n];
        double sumAbs = 0;
        double sumSq = 0;
        double sumPct = 0;
        double max = 0;
        double meanTruth = 0;
        double meanResidual = 0;
        for (int i = 0; i < n; i++) {
            double residual = truth[i] - predicted[i];
            absolute[i] = Math.abs(residual);
            sumAbs += absolute[i];
            sumSq += residual * residual;
            sumPct += absolute[i] / Math.max(Math.abs(truth[i]), EPSILON);
            max = Math.max(max, absolute[i]);
            meanTruth += truth[i];
            meanResidual += residual;
        }
        meanTruth /= n;
        meanResidual /= n;
        double totalSq = 0;
        double residualVar = 0;
        for (int i = 0; i < n; i++) {
            totalSq += (truth[i] - meanTruth) * (truth[i] - meanTruth);
            double r = truth[i] - predicted[i] - meanResidual;
            residualVar += r * r;
        }
        double mse = sumSq / n;
        return new RegressionMetrics(
                sumAbs / n,
                mse,
                Math.sqrt(mse),
                score(sumSq, totalSq),
                sumPct / n,
                median(absolute),
                max,
                score(residualVar, totalSq),
                score(sumAbs, absoluteFromMedian(truth)),
                msle(truth, predicted),
                poissonDeviance(truth, predicted),
                gammaDeviance(truth, predicted));
    }

    /** scikit-learn's mean_pinball_loss: the mean of α·max(y − ŷ, 0) + (1 − α)·max(ŷ − y, 0). */
    public static double pinballLoss(double[] truth, double[] predicted, double alpha) {
        double sum = 0;
        for (int i = 0; i < truth.length; i++) {
            double residual = truth[i] - predicted[i];
            sum += residual >= 0 ? alpha * residual : (alpha - 1) * residual;
        }
        return sum / truth.length;
    }

    /**
     * scikit-learn's d2_pinball_score: 1 − the pinball loss over that of the best constant, the
     * α-quantile of y (numpy's percentile, linear interpolation); 1 or 0 when the constant is exact.
     */
    public static double d2Pinball(double[] truth, double[] predicted, double alpha) {
        double[] constant = new double[truth.length];
        Arrays.fill(constant, percentile(truth, alpha));
        return score(pinballLoss(truth, predicted, alpha), pinballLoss(truth, constant, alpha));
    }

    /**
     * scikit-learn's mean_tweedie_deviance at a power (≤ 0 or ≥ 1): NaN where the data leave its
     * domain (ŷ ≤ 0 for a power below 0 or from 1; y < 0 from 1; y ≤ 0 from 2).
     */
    public static double tweedieDeviance(double[] truth, double[] predicted, double power) {
        double sum = 0;
        for (int i = 0; i < truth.length; i++) {
            double y = truth[i];
            double p = predicted[i];
            if (power != 0 && p <= 0 || power >= 1 && y < 0 || power >= 2 && y <= 0) {
                return Double.NaN;
            }
            sum += power == 0
                    ? (y - p) * (y - p)
                    : power == 1
                            ? 2 * ((y == 0 ? 0 : y * Math.log(y / p)) - y + p)
                            : power == 2
                                    ? 2 * (Math.log(p / y) + y / p - 1)
                                    : 2
                                            * (Math.pow(Math.max(y, 0), 2 - power) / ((1 - power) * (2 - power))
                                                    - y * Math.pow(p, 1 - power) / (1 - power)
                                                    + Math.pow(p, 2 - power) / (2 - power));
        }
        return sum / truth.length;
    }

    /** scikit-learn 1.2's d2_tweedie_score: 1 − the deviance over that of predicting the mean of y. */
    public static double d2Tweedie(double[] truth, double[] predicted, double power) {
        double[] mean = new double[truth.length];
        Arrays.fill(mean, Arrays.stream(truth).average().orElse(Double.NaN));
        return 1 - tweedieDeviance(truth, predicted, power) / tweedieDeviance(truth, mean, power);
    }

    /** numpy's percentile with linear interpolation, at a fraction q of the way through the sorted values. */
    private static double percentile(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double h = (sorted.length - 1) * q;
        int below = (int) Math.floor(h);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (h - below) * (sorted[above] - sorted[below]);
    }

    /** Σ |y − median(y)|: the absolute error of the best constant, D²'s denominator. */
    private static double absoluteFromMedian(double[] truth) {
        double median = median(truth);
        double sum = 0;
        for (double y : truth) {
            sum += Math.abs(y - median);
        }
        return sum;
    }

    private static double msle(double[] truth, double[] predicted) {
        double sum = 0;
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] < 0 || predicted[i] < 0) {
                return Double.NaN;
            }
            double d = Math.log1p(truth[i]) - Math.log1p(predicted[i]);
            sum += d * d;
        }
        return sum / truth.length;
    }

    /** 2 · mean(y·log(y/ŷ) − y + ŷ), with 0·log 0 = 0. */
    private static double poissonDeviance(double[] truth, double[] predicted) {
        double sum = 0;
        for (int i = 0; i < truth.length; i++) {
            double y = truth[i];
            double p = predicted[i];
            if (y < 0 || p <= 0) {
                return Double.NaN;
            }
            sum += (y == 0 ? 0 : y * Math.log(y / p)) - y + p;
        }
        return 2 * sum / truth.length;
    }

    /** 2 · mean(log(ŷ/y) + y/ŷ − 1). */
    private static double gammaDeviance(double[] truth, double[] predicted) {
        double sum = 0;
        for (int i = 0; i < truth.length; i++) {
            double y = truth[i];
            double p = predicted[i];
            if (y <= 0 || p <= 0) {
                return Double.NaN;
            }
            sum += Math.log(p / y) + y / p - 1;
        }
        return 2 * sum / truth.length;
    }

    /** 1 − residual/total; a constant target scores 1 when fitted exactly, else 0 (scikit-learn's force_finite). */
    private static double score(double residual, double total) {
        if (total == 0) {
            return residual == 0 ? 1 : 0;
        }
        return 1 - residual / total;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
