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
        // The sort is most of an evaluation's time at millions of rows. Neither Arrays.parallelSort
        // nor fastutil's radix sorts were faster on the 2-core benchmark machine.
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
     * The ROC curve from the highest threshold down, starting at (0, 0): the points of scikit-learn's
     * {@code roc_curve(drop_intermediate=False)}, thinned to about {@code maxPoints} (every k-th
     * distinct threshold, and the last), so a curve over millions of scores stays small.
     */
    public List<CurvePoint> rocCurve(int maxPoints) {
        List<CurvePoint> points = new ArrayList<>();
        points.add(new CurvePoint(Double.POSITIVE_INFINITY, 0, 0));
        thinned(maxPoints, (threshold, tp, fp) -> points.add(new CurvePoint(threshold,
                (double) fp / negatives.length, (double) tp / positives.length)));
        return points;
    }

    /** Precision (y) against recall (x) from the highest threshold down, thinned like {@link #rocCurve}. */
    public List<CurvePoint> precisionRecallCurve(int maxPoints) {
        List<CurvePoint> points = new ArrayList<>();
        thinned(maxPoints, (threshold, tp, fp) -> points.add(new CurvePoint(threshold,
                (double) tp / positives.length, (double) tp / (tp + fp))));
        return points;
    }

    private void thinned(int maxPoints, ThresholdVisitor visitor) {
        long[] distinct = {0};
        walk((threshold, tp, fp) -> distinct[0]++);
        long step = Math.max(1, distinct[0] / maxPoints);
        long[] index = {0};
        walk((threshold, tp, fp) -> {
            long i = index[0]++;
            if (i % step == 0 || i == distinct[0] - 1) {
                visitor.visit(threshold, tp, fp);
            }
        });
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
     * A bootstrap interval of the average precision that does not touch the rows: the scores are cut
     * into {@code buckets} quantile buckets per class, the bucket counts are resampled, and the
     * average precision of each resample is computed with a bucket as a tie group. The interval is
     * shifted by the exact value's offset from the bucketed one, so it is centred as the exact one.
     */
    public Interval averagePrecisionInterval(int buckets, Intervals.BootstrapSettings settings) {
        double[] edges = quantileEdges(buckets);
        int b = edges.length + 1;
        long[] cells = new long[2 * b];
        countIntoBuckets(positives, edges, cells, 0);
        countIntoBuckets(negatives, edges, cells, b);
        double bucketed = bucketedAveragePrecision(cells, b);
        Interval interval = Intervals.bootstrap(cells, resampled -> new double[] {bucketedAveragePrecision(resampled, b)},
                settings)[0];
        return Intervals.shifted(interval, averagePrecision() - bucketed, 0, 1);
    }

    /** Ascending inner edges at the quantiles of all scores, duplicates removed. */
    private double[] quantileEdges(int buckets) {
        double[] all = merged();
        double[] edges = new double[buckets - 1];
        for (int q = 1; q < buckets; q++) {
            edges[q - 1] = all[(int) ((long) q * all.length / buckets)];
        }
        return Arrays.stream(edges).distinct().toArray();
    }

    /** All scores in ascending order: a merge of the two sorted classes. */
    private double[] merged() {
        double[] all = new double[positives.length + negatives.length];
        int p = 0;
        int n = 0;
        for (int i = 0; i < all.length; i++) {
            all[i] = n >= negatives.length || (p < positives.length && positives[p] <= negatives[n])
                    ? positives[p++] : negatives[n++];
        }
        return all;
    }

    /** Bucket i holds the scores in [edges[i-1], edges[i]) (ascending); counts go to cells[offset + bucket]. */
    private static void countIntoBuckets(double[] sorted, double[] edges, long[] cells, int offset) {
        int bucket = 0;
        for (double s : sorted) {
            while (bucket < edges.length && s >= edges[bucket]) {
                bucket++;
            }
            cells[offset + bucket]++;
        }
    }

    /** Average precision with each bucket a group of tied scores, from the highest bucket down. */
    private static double bucketedAveragePrecision(long[] cells, int buckets) {
        long positives = 0;
        for (int i = 0; i < buckets; i++) {
            positives += cells[i];
        }
        if (positives == 0) {
            return Double.NaN;
        }
        long tp = 0;
        long fp = 0;
        double sum = 0;
        for (int i = buckets - 1; i >= 0; i--) {
            long newTp = cells[i];
            tp += newTp;
            fp += cells[buckets + i];
            if (tp + fp > 0) {
                sum += newTp * ((double) tp / (tp + fp));
            }
        }
        return sum / positives;
    }

    /**
     * A bootstrap interval of the expected calibration error over its own bins: per bin and class,
     * the count is resampled and the score sum scaled with it. No rows are touched. ECE is biased
     * upward (|noise| adds to it), so its bootstrap distribution can lie wholly above the estimate;
     * the percentile interval is then extended down to the estimate.
     */
    public Interval expectedCalibrationErrorInterval(int bins, Intervals.BootstrapSettings settings) {
        long[] counts = new long[2 * bins];
        double[] sums = new double[2 * bins];
        double[] positiveSums = new double[bins];
        long[] positiveCounts = new long[bins];
        bin(positives, bins, positiveCounts, positiveSums, new long[bins], false);
        double[] negativeSums = new double[bins];
        long[] negativeCounts = new long[bins];
        bin(negatives, bins, negativeCounts, negativeSums, new long[bins], false);
        for (int b = 0; b < bins; b++) {
            counts[b] = positiveCounts[b];
            sums[b] = positiveSums[b];
            counts[bins + b] = negativeCounts[b];
            sums[bins + b] = negativeSums[b];
        }
        Interval interval = Intervals.bootstrap(counts, resampled -> {
            long n = 0;
            for (long c : resampled) {
                n += c;
            }
            double ece = 0;
            for (int b = 0; b < bins; b++) {
                long pos = resampled[b];
                long all = pos + resampled[bins + b];
                if (all == 0) {
                    continue;
                }
                double scoreSum = scaled(sums[b], counts[b], pos) + scaled(sums[bins + b], counts[bins + b],
                        resampled[bins + b]);
                ece += (double) all / n * Math.abs((double) pos / all - scoreSum / all);
            }
            return new double[] {n == 0 ? Double.NaN : ece};
        }, settings)[0];
        double estimate = calibration(bins).expectedCalibrationError();
        return interval == null ? null : new Interval(Math.min(interval.lower(), estimate),
                Math.max(interval.upper(), estimate), interval.level(), interval.method(), interval.resamples());
    }

    private static double scaled(double sum, long count, long resampled) {
        return count == 0 ? 0 : sum * resampled / count;
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
            // the number of inner edges (b + 1)·width strictly below s, found from a first guess
            int b = Math.max(0, Math.min(bins - 1, (int) (s * bins)));
            while (b > 0 && b * width >= s) {
                b--;
            }
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
