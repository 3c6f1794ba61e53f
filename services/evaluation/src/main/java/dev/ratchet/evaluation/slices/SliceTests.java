package dev.ratchet.evaluation.slices;

import java.util.Arrays;
import java.util.function.IntToDoubleFunction;
import org.hipparchus.distribution.continuous.NormalDistribution;
import org.hipparchus.stat.descriptive.StatisticalSummaryValues;
import org.hipparchus.stat.inference.TTest;

/**
 * Is a slice worse than the rest of the test set? One-sided tests on the per-row losses, from sums
 * (the rest is the total minus the slice, so a test costs the slice's size, not the test set's),
 * and Holm's correction across slices.
 */
public final class SliceTests {
    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution();

    private final IntToDoubleFunction losses;
    private final int rows;
    private final boolean binary;
    private final double sum;
    private final double squares;

    /**
     * @param losses row → its loss
     * @param binary the losses are 0/1 errors (a two-proportion z-test); otherwise Welch's t-test
     */
    public SliceTests(IntToDoubleFunction losses, int rows, boolean binary) {
        this.losses = losses;
        this.rows = rows;
        this.binary = binary;
        double s = 0;
        double q = 0;
        for (int r = 0; r < rows; r++) {
            double loss = losses.applyAsDouble(r);
            s += loss;
            q += loss * loss;
        }
        this.sum = s;
        this.squares = q;
    }

    /** The one-sided p-value that the slice's mean loss exceeds the rest's; 1 when a side is too small to test. */
    public double worseThanRest(int[] slice) {
        double sliceSum = 0;
        double sliceSquares = 0;
        for (int r : slice) {
            double loss = losses.applyAsDouble(r);
            sliceSum += loss;
            sliceSquares += loss * loss;
        }
        return worseThanRest(sliceSum, sliceSquares, slice.length);
    }

    /** {@link #worseThanRest(int[])} from the slice's size and the sums of its losses and their squares. */
    public double worseThanRest(double sliceSum, double sliceSquares, long n1) {
        long n2 = rows - n1;
        if (binary) {
            return twoProportion(sliceSum, n1, sum - sliceSum, n2);
        }
        return welch(sliceSum, sliceSquares, n1, sum - sliceSum, squares - sliceSquares, n2);
    }

    static double twoProportion(double x1, long n1, double x2, long n2) {
        if (n1 == 0 || n2 == 0) {
            return 1;
        }
        double pooled = (x1 + x2) / (n1 + n2);
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
        if (se == 0) {
            return 1;
        }
        return 1 - STANDARD_NORMAL.cumulativeProbability((x1 / n1 - x2 / n2) / se);
    }

    static double welch(double sum1, double squares1, long n1, double sum2, double squares2, long n2) {
        if (n1 < 2 || n2 < 2) {
            return 1;
        }
        double mean1 = sum1 / n1;
        double mean2 = sum2 / n2;
        double var1 = Math.max(0, (squares1 - sum1 * mean1) / (n1 - 1));
        double var2 = Math.max(0, (squares2 - sum2 * mean2) / (n2 - 1));
        if (var1 == 0 && var2 == 0) {
            return mean1 > mean2 ? 0 : 1;
        }
        double twoSided = new TTest()
                .tTest(
                        new StatisticalSummaryValues(mean1, var1, n1, 0, 0, sum1),
                        new StatisticalSummaryValues(mean2, var2, n2, 0, 0, sum2));
        return mean1 > mean2 ? twoSided / 2 : 1 - twoSided / 2;
    }

    /** Holm–Bonferroni adjusted p-values, in the order given. */
    public static double[] holm(double[] pValues) {
        int m = pValues.length;
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Double.compare(pValues[x], pValues[y]));
        double[] adjusted = new double[m];
        double running = 0;
        for (int rank = 0; rank < m; rank++) {
            int i = order[rank];
            running = Math.max(running, Math.min(1, (m - rank) * pValues[i]));
            adjusted[i] = running;
        }
        return adjusted;
    }
}
