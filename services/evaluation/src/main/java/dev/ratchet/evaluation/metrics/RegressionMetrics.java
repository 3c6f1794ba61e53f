package dev.ratchet.evaluation.metrics;

import java.util.Arrays;

/** Regression errors with scikit-learn's definitions. */
public record RegressionMetrics(double mae, double mse, double rmse, double r2, double mape,
                                double medianAbsoluteError, double maxError, double explainedVariance) {

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
        return new RegressionMetrics(sumAbs / n, mse, Math.sqrt(mse), score(sumSq, totalSq), sumPct / n,
                median(absolute), max, score(residualVar, totalSq));
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
