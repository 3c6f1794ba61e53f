package dev.ratchet.evaluation.slices;

import java.util.Arrays;
import org.hipparchus.distribution.continuous.NormalDistribution;
import org.hipparchus.stat.inference.TTest;

/** Is a slice worse than the rest of the test set? One-sided tests, and Holm's correction across slices. */
public final class SliceTests {
    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution();

    private SliceTests() {
    }

    /**
     * The p-value that the slice's mean loss exceeds the rest's: a pooled two-proportion z-test for
     * 0/1 losses, Welch's t-test otherwise. 1 when either side is too small to test.
     */
    public static double worseThanRest(double[] losses, int[] slice, boolean binary) {
        boolean[] inSlice = new boolean[losses.length];
        for (int r : slice) {
            inSlice[r] = true;
        }
        double[] in = new double[slice.length];
        double[] out = new double[losses.length - slice.length];
        int a = 0;
        int b = 0;
        for (int i = 0; i < losses.length; i++) {
            if (inSlice[i]) {
                in[a++] = losses[i];
            } else if (b < out.length) {
                out[b++] = losses[i];
            }
        }
        return binary ? twoProportion(in, out) : welch(in, out);
    }

    static double twoProportion(double[] slice, double[] rest) {
        if (slice.length == 0 || rest.length == 0) {
            return 1;
        }
        double x1 = Arrays.stream(slice).sum();
        double x2 = Arrays.stream(rest).sum();
        double p1 = x1 / slice.length;
        double p2 = x2 / rest.length;
        double pooled = (x1 + x2) / (slice.length + rest.length);
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / slice.length + 1.0 / rest.length));
        if (se == 0) {
            return 1;
        }
        return 1 - STANDARD_NORMAL.cumulativeProbability((p1 - p2) / se);
    }

    static double welch(double[] slice, double[] rest) {
        if (slice.length < 2 || rest.length < 2) {
            return 1;
        }
        double twoSided = new TTest().tTest(slice, rest);
        if (Double.isNaN(twoSided)) {
            return 1;
        }
        double difference = Arrays.stream(slice).average().orElse(0) - Arrays.stream(rest).average().orElse(0);
        return difference > 0 ? twoSided / 2 : 1 - twoSided / 2;
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
