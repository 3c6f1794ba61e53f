package dev.ratchet.evaluation.scoring;

import java.util.List;

/** Computes one task's metrics on any subset of the test rows (the whole set, a slice, a resample). */
public interface TaskEvaluator {
    /** The metrics on these rows (indexes into the test set; repeats allowed), with intervals. */
    List<Metric> metrics(int[] rows);

    /** The names of the metrics this evaluator computes. */
    List<String> metricNames();

    /** One metric's value on these rows, without an interval; NaN where it is not defined. */
    double value(String metric, int[] rows);

    /** Whether a higher value of the metric is better. */
    static boolean higherIsBetter(String metric) {
        return !List.of("log_loss", "brier", "ece", "mae", "mse", "rmse", "mape", "median_absolute_error",
                "max_error").contains(metric);
    }

    /** The metric slices are ranked and tested by: accuracy, or mean absolute error. */
    String headlineMetric();

    /** Whether a higher headline metric is better. */
    boolean higherIsBetter();

    /**
     * Each row's loss for significance tests between slices: 0/1 errors for classification
     * (a two-proportion test), absolute errors for regression (Welch's t-test).
     */
    double[] rowLosses();

    /** Whether {@link #rowLosses} are 0/1. */
    boolean binaryLoss();

    /** The test set's size. */
    int rows();

    /** Every test row, in order. */
    static int[] all(int n) {
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        return rows;
    }

    /** The rows drawn {@code weights[i]} times each. */
    static int[] expand(int[] rows, long[] weights) {
        long total = 0;
        for (long w : weights) {
            total += w;
        }
        int[] expanded = new int[Math.toIntExact(total)];
        int next = 0;
        for (int i = 0; i < rows.length; i++) {
            for (long w = 0; w < weights[i]; w++) {
                expanded[next++] = rows[i];
            }
        }
        return expanded;
    }
}
