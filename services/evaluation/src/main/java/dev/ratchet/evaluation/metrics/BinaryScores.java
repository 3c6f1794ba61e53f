package dev.ratchet.evaluation.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Scores of one positive class against the rest: ROC and precision-recall curves, ROC-AUC with its
 * DeLong variance, average precision, Brier score and calibration. Positive and negative scores are
 * sorted once; every metric is then a linear walk over them.
 */
public final class BinaryScores {
    private final double[] positives;
    private final double[] negatives;
    private final double brier;

    private BinaryScores(double[] positives, double[] negatives, double brier) {
        this.positives = positives;
        this.negatives = negatives;
        this.brier = brier;
    }

    /** {@code scores[i]} is the score (probability, for Brier and calibration) that example i is positive. */
    public static BinaryScores of(boolean[] positive, double[] scores) {
        int p = 0;
        for (boolean b : positive) {
            p += b ? 1 : 0;
        }
        double[] pos = new double[p];
        double[] neg = new double[positive.length - p];
        int ip = 0;
        int in = 0;
        double squares = 0;
        for (int i = 0; i < positive.length; i++) {
            double s = scores[i];
            if (positive[i]) {
                pos[ip++] = s;
                squares += (1 - s) * (1 - s);
            } else {
                neg[in++] = s;
                squares += s * s;
            }
        }
        Arrays.sort(pos);
        Arrays.sort(neg);
        return new BinaryScores(pos, neg, squares / positive.length);
    }

    public int positiveCount() {
        return positives.length;
    }

    public int negativeCount() {
        return negatives.length;
    }

    /** Both classes occur, so ranking metrics are defined. */
    public boolean hasBothClasses() {
        return positives.length > 0 && negatives.length > 0;
    }

    /** Mean squared difference between the score and the 0/1 outcome. */
    public double brier() {
        return brier;
    }

    /**
     * The ROC curve at every distinct score, from the highest threshold down, starting at (0, 0);
     * the same points as scikit-learn's {@code roc_curve(drop_intermediate=False)}.
     */
    public List<CurvePoint> rocCurve() {
        List<CurvePoint> points = new ArrayList<>();
        points.add(new CurvePoint(Double.POSITIVE_INFINITY, 0, 0));
        walk((threshold, tp, fp) -> points.add(new CurvePoint(threshold,
                (double) fp / negatives.length, (double) tp / positives.length)));
        return points;
    }

    /** Precision (y) against recall (x) at every distinct score, from the highest threshold down. */
    public List<CurvePoint> precisionRecallCurve() {
        List<CurvePoint> points = new ArrayList<>();
        walk((threshold, tp, fp) -> points.add(new CurvePoint(threshold,
                (double) tp / positives.length, (double) tp / (tp + fp))));
        return points;
    }

    /** Area under the ROC curve by the trapezoidal rule; tied scores count one half. */
    public double rocAuc() {
        double[] area = {0};
        long[] previous = {0, 0};
        walk((threshold, tp, fp) -> {
            area[0] += (fp - previous[1]) * (double) (tp + previous[0]) / 2;
            previous[0] = tp;
            previous[1] = fp;
        });
        return area[0] / ((double) positives.length * negatives.length);
    }

    /** Σ (R_n − R_{n−1}) · P_n over the distinct thresholds: scikit-learn's average precision. */
    public double averagePrecision() {
        double[] sum = {0};
        long[] previousTp = {0};
        walk((threshold, tp, fp) -> {
            sum[0] += (tp - previousTp[0]) * ((double) tp / (tp + fp));
            previousTp[0] = tp;
        });
        return sum[0] / positives.length;
    }

    /**
     * DeLong et al. (1988): the variance of the AUC from its structural components, the placement of
     * each positive among the negatives and of each negative among the positives.
     */
    public double rocAucVariance() {
        double[] v10 = placements(positives, negatives, false);
        double[] v01 = placements(negatives, positives, true);
        return sampleVariance(v10) / positives.length + sampleVariance(v01) / negatives.length;
    }

    /**
     * Equal-width bins over [0, 1] (a score on an inner edge goes to the lower bin, as in
     * scikit-learn's {@code calibration_curve}); empty bins are left out.
     */
    public Calibration calibration(int bins) {
        long[] count = new long[bins];
        long[] positive = new long[bins];
        double[] sum = new double[bins];
        bin(positives, bins, count, sum, positive, true);
        bin(negatives, bins, count, sum, positive, false);
        List<Calibration.Bin> result = new ArrayList<>();
        double ece = 0;
        long n = positives.length + (long) negatives.length;
        for (int b = 0; b < bins; b++) {
            if (count[b] > 0) {
                double meanPredicted = sum[b] / count[b];
                double fraction = (double) positive[b] / count[b];
                result.add(new Calibration.Bin((double) b / bins, (double) (b + 1) / bins, count[b], meanPredicted,
                        fraction));
                ece += (double) count[b] / n * Math.abs(fraction - meanPredicted);
            }
        }
        return new Calibration(result, ece);
    }

    private static void bin(double[] scores, int bins, long[] count, double[] sum, long[] positive, boolean isPositive) {
        double width = 1.0 / bins;
        for (double s : scores) {
            int b = 0;
            while (b < bins - 1 && (b + 1) * width < s) {
                b++;
            }
            count[b]++;
            sum[b] += s;
            if (isPositive) {
                positive[b]++;
            }
        }
    }

    /** For each of {@code own}: the fraction of {@code other} ranked below it (above, if {@code above}), ties 1/2. */
    private static double[] placements(double[] own, double[] other, boolean above) {
        double[] result = new double[own.length];
        int less = 0;
        int lessOrEqual = 0;
        for (int i = 0; i < own.length; i++) {
            double s = own[i];
            while (less < other.length && other[less] < s) {
                less++;
            }
            if (lessOrEqual < less) {
                lessOrEqual = less;
            }
            while (lessOrEqual < other.length && other[lessOrEqual] <= s) {
                lessOrEqual++;
            }
            double ties = lessOrEqual - less;
            double below = less + ties / 2;
            result[i] = (above ? other.length - below : below) / other.length;
        }
        return result;
    }

    private static double sampleVariance(double[] values) {
        double mean = 0;
        for (double v : values) {
            mean += v;
        }
        mean /= values.length;
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        return squares / (values.length - 1);
    }

    private interface ThresholdVisitor {
        void visit(double threshold, long truePositives, long falsePositives);
    }

    /** Visits every distinct score from the highest down with the counts at or above it. */
    private void walk(ThresholdVisitor visitor) {
        int ip = positives.length - 1;
        int in = negatives.length - 1;
        long tp = 0;
        long fp = 0;
        while (ip >= 0 || in >= 0) {
            double threshold = Math.max(ip >= 0 ? positives[ip] : Double.NEGATIVE_INFINITY,
                    in >= 0 ? negatives[in] : Double.NEGATIVE_INFINITY);
            while (ip >= 0 && positives[ip] == threshold) {
                tp++;
                ip--;
            }
            while (in >= 0 && negatives[in] == threshold) {
                fp++;
                in--;
            }
            visitor.visit(threshold, tp, fp);
        }
    }

    /** A point of a curve and the score threshold it is reached at. */
    public record CurvePoint(double threshold, double x, double y) {
    }

    /** A reliability curve and its expected calibration error. */
    public record Calibration(List<Bin> bins, double expectedCalibrationError) {
        /** One non-empty bin: its bounds, size, mean score and observed fraction of positives. */
        public record Bin(double lower, double upper, long count, double meanPredicted, double fractionPositive) {
        }
    }
}
