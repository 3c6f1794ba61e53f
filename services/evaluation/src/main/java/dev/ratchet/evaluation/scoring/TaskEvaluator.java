package dev.ratchet.evaluation.scoring;

import java.util.Arrays;
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
        return !List.of(
                        "log_loss",
                        "brier",
                        "ece",
                        "mae",
                        "mse",
                        "rmse",
                        "mape",
                        "median_absolute_error",
                        "max_error",
                        "zero_one_loss",
                        "hamming_loss",
                        "negative_likelihood_ratio",
                        "msle",
                        "mean_poisson_deviance",
                        "mean_gamma_deviance",
                        "brier_multiclass")
                .contains(metric);
    }

    /** The metric slices are ranked and tested by: accuracy, or mean absolute error. */
    String headlineMetric();

    /** Whether a higher headline metric is better. */
    boolean higherIsBetter();

    /**
     * A row's loss for significance tests between slices: its 0/1 error for classification
     * (a two-proportion test), its absolute error for regression (Welch's t-test). Asked row by
     * row, so that 10 million rows need no array of losses.
     */
    double rowLoss(int row);

    /** Whether rows have a loss; a ranking's loss belongs to a query, so its slices are not tested. */
    default boolean hasRowLosses() {
        return true;
    }

    /** Every row's {@link #rowLoss}, or null without row losses. */
    default double[] rowLosses() {
        if (!hasRowLosses()) {
            return null;
        }
        double[] losses = new double[rows()];
        for (int r = 0; r < losses.length; r++) {
            losses[r] = rowLoss(r);
        }
        return losses;
    }

    /** Whether {@link #rowLosses} are 0/1. */
    boolean binaryLoss();

    /** The test set's size. */
    int rows();

    /**
     * The metrics of every group of a partition of the rows, by group index (an empty list for an
     * empty group): what slices need, and what an evaluator can compute in one pass over the rows.
     *
     * @param group each row's group, 0 to {@code groups} − 1; null puts every row in one group
     */
    default List<List<Metric>> metricsByGroup(int[] group, int groups) {
        if (group == null) {
            return List.of(metrics(all(rows())));
        }
        return Arrays.stream(rowsByGroup(group, groups))
                .parallel()
                .map(r -> r.length == 0 ? List.<Metric>of() : metrics(r))
                .toList();
    }

    /** Each group's rows in ascending order (a counting sort of the rows by group). */
    static int[][] rowsByGroup(int[] group, int groups) {
        int[] sizes = new int[groups];
        for (int g : group) {
            sizes[g]++;
        }
        int[][] rows = new int[groups][];
        for (int g = 0; g < groups; g++) {
            rows[g] = new int[sizes[g]];
        }
        int[] filled = new int[groups];
        for (int r = 0; r < group.length; r++) {
            rows[group[r]][filled[group[r]]++] = r;
        }
        return rows;
    }

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
