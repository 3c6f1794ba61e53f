package dev.ratchet.evaluation.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
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
    private Areas areas;
    private Binned binned;

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

    /** From the positives' and the negatives' scores, each already in ascending order (not copied). */
    public static BinaryScores sorted(double[] positives, double[] negatives) {
        double squares = 0;
        for (double s : positives) {
            squares += (1 - s) * (1 - s);
        }
        for (double s : negatives) {
            squares += s * s;
        }
        return new BinaryScores(positives, negatives, squares / (positives.length + negatives.length));
    }

    /** How many rows of the smaller class there are (what an AUC interval's degrees of freedom rest on). */
    public int smallerClassCount() {
        return Math.min(positives.length, negatives.length);
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
        thinned(
                maxPoints,
                (threshold, tp, fp) -> points.add(
                        new CurvePoint(threshold, (double) fp / negatives.length, (double) tp / positives.length)));
        return points;
    }

    /** Precision (y) against recall (x) from the highest threshold down, thinned like {@link #rocCurve}. */
    public List<CurvePoint> precisionRecallCurve(int maxPoints) {
        List<CurvePoint> points = new ArrayList<>();
        thinned(
                maxPoints,
                (threshold, tp, fp) ->
                        points.add(new CurvePoint(threshold, (double) tp / positives.length, (double) tp / (tp + fp))));
        return points;
    }

    /**
     * The detection error tradeoff: false negative rate (y) against false positive rate (x) as
     * scikit-learn's {@code det_curve} gives it — from the last threshold with as few false
     * positives as the highest to the first with no false negatives, false positives decreasing —
     * thinned to at most about {@code maxPoints}, the last point kept.
     */
    public List<CurvePoint> detCurve(int maxPoints) {
        List<CurvePoint> all = new ArrayList<>();
        long[] firstFalsePositives = {-1};
        long[] from = {0};
        long[] to = {-1};
        walk((threshold, tp, fp) -> {
            if (firstFalsePositives[0] < 0) {
                firstFalsePositives[0] = fp;
            }
            if (fp == firstFalsePositives[0]) {
                from[0] = all.size();
            }
            if (to[0] < 0 && tp == positives.length) {
                to[0] = all.size();
            }
            all.add(new CurvePoint(
                    threshold, (double) fp / negatives.length, (double) (positives.length - tp) / positives.length));
        });
        List<CurvePoint> curve = new ArrayList<>(all.subList((int) from[0], (int) to[0] + 1));
        Collections.reverse(curve);
        int step = Math.max(1, curve.size() / maxPoints);
        List<CurvePoint> points = new ArrayList<>();
        for (int i = 0; i < curve.size(); i++) {
            if (i % step == 0 || i == curve.size() - 1) {
                points.add(curve.get(i));
            }
        }
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
        return areas().rocAuc();
    }

    /** Σ (R_n − R_{n−1}) · P_n over the distinct thresholds: scikit-learn's average precision. */
    public double averagePrecision() {
        return areas().averagePrecision();
    }

    /** Both areas from one pass over the thresholds, from the highest down, kept: a report asks twice. */
    private Areas areas() {
        Areas known = areas;
        if (known != null) {
            return known;
        }
        AreaSums sums = new AreaSums(positives.length, negatives.length);
        walk(sums);
        known = sums.areas();
        areas = known;
        return known;
    }

    /**
     * The sums behind ROC AUC, average precision and DeLong's variance, added up threshold by
     * threshold. DeLong's placements are kept as offsets from 1/2 (they lie in [0, 1]; the shift keeps
     * the sums' cancellation small): a positive's is the share of negatives below it, a negative's the
     * share of positives above it, ties counting one half.
     */
    private static final class AreaSums implements ThresholdVisitor {
        private final double p;
        private final double n;
        private long previousTp;
        private long previousFp;
        private double area;
        private double precisionSum;
        private double positiveSum;
        private double positiveSquares;
        private double negativeSum;
        private double negativeSquares;

        AreaSums(int positives, int negatives) {
            p = positives;
            n = negatives;
        }

        @Override
        public void visit(double threshold, long tp, long fp) {
            long tiedPositives = tp - previousTp;
            long tiedNegatives = fp - previousFp;
            area += tiedNegatives * (double) (tp + previousTp) / 2;
            precisionSum += tiedPositives * ((double) tp / (tp + fp));
            double positivePlacement = (n - previousFp - tiedNegatives / 2.0) / n - 0.5;
            positiveSum += tiedPositives * positivePlacement;
            positiveSquares += tiedPositives * positivePlacement * positivePlacement;
            double negativePlacement = (previousTp + tiedPositives / 2.0) / p - 0.5;
            negativeSum += tiedNegatives * negativePlacement;
            negativeSquares += tiedNegatives * negativePlacement * negativePlacement;
            previousTp = tp;
            previousFp = fp;
        }

        Areas areas() {
            double variance = (positiveSquares - positiveSum * positiveSum / p) / (p - 1) / p
                    + (negativeSquares - negativeSum * negativeSum / n) / (n - 1) / n;
            return new Areas(area / (p * n), precisionSum / p, variance);
        }
    }

    /** Immutable, so that it can be kept without locking. */
    private record Areas(double rocAuc, double averagePrecision, double rocAucVariance) {}

    /**
     * DeLong et al. (1988): the variance of the AUC from its structural components, the placement of
     * each positive among the negatives and of each negative among the positives.
     */
    public double rocAucVariance() {
        return areas().rocAucVariance();
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
        Interval interval = Intervals.bootstrap(
                cells, resampled -> new double[] {bucketedAveragePrecision(resampled, b)}, settings)[0];
        return Intervals.shifted(interval, averagePrecision() - bucketed, 0, 1);
    }

    /** Ascending inner edges at the quantiles of all scores, duplicates removed. */
    private double[] quantileEdges(int buckets) {
        long total = positives.length + (long) negatives.length;
        double[] edges = new double[buckets - 1];
        for (int q = 1; q < buckets; q++) {
            edges[q - 1] = merged((int) ((long) q * total / buckets));
        }
        return Arrays.stream(edges).distinct().toArray();
    }

    /**
     * The score at {@code index} of both classes merged in ascending order, by a binary search for
     * how many of the {@code index + 1} smallest scores are positives: no merge is made.
     */
    private double merged(int index) {
        int count = index + 1;
        int low = Math.max(0, count - negatives.length);
        int high = Math.min(count, positives.length);
        while (low < high) {
            int fromPositives = (low + high) >>> 1;
            int fromNegatives = count - fromPositives;
            if (fromNegatives > 0 && positives[fromPositives] < negatives[fromNegatives - 1]) {
                low = fromPositives + 1;
            } else {
                high = fromPositives;
            }
        }
        int fromNegatives = count - low;
        return Math.max(
                low > 0 ? positives[low - 1] : Double.NEGATIVE_INFINITY,
                fromNegatives > 0 ? negatives[fromNegatives - 1] : Double.NEGATIVE_INFINITY);
    }

    /** Bucket i holds the scores in [edges[i-1], edges[i]); counts go to cells[offset + bucket]. */
    private static void countIntoBuckets(double[] sorted, double[] edges, long[] cells, int offset) {
        int below = 0;
        for (int bucket = 0; bucket < edges.length; bucket++) {
            int end = firstAtLeast(sorted, below, edges[bucket]);
            cells[offset + bucket] = end - below;
            below = end;
        }
        cells[offset + edges.length] = sorted.length - below;
    }

    /** The first index from {@code from} whose score is at least {@code value}, or the length. */
    private static int firstAtLeast(double[] sorted, int from, double value) {
        int low = from;
        int high = sorted.length;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (sorted[middle] < value) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
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
     * Equal-width bins over [0, 1] (a score on an inner edge goes to the lower bin, as in
     * scikit-learn's {@code calibration_curve}); empty bins are left out.
     */
    public Calibration calibration(int bins) {
        Binned binned = binned(bins);
        List<Calibration.Bin> result = new ArrayList<>();
        double ece = 0;
        long n = positives.length + (long) negatives.length;
        for (int b = 0; b < bins; b++) {
            long count = binned.positiveCounts()[b] + binned.negativeCounts()[b];
            if (count > 0) {
                double meanPredicted = (binned.positiveSums()[b] + binned.negativeSums()[b]) / count;
                double fraction = (double) binned.positiveCounts()[b] / count;
                result.add(new Calibration.Bin(
                        (double) b / bins, (double) (b + 1) / bins, count, meanPredicted, fraction));
                ece += (double) count / n * Math.abs(fraction - meanPredicted);
            }
        }
        return new Calibration(result, ece);
    }

    /** Each class's count and score sum per calibration bin, kept for the last number of bins asked. */
    private Binned binned(int bins) {
        Binned known = binned;
        if (known == null || known.bins() != bins) {
            long[] positiveCounts = new long[bins];
            double[] positiveSums = new double[bins];
            long[] negativeCounts = new long[bins];
            double[] negativeSums = new double[bins];
            bin(positives, positiveCounts, positiveSums);
            bin(negatives, negativeCounts, negativeSums);
            known = new Binned(bins, positiveCounts, positiveSums, negativeCounts, negativeSums);
            binned = known;
        }
        return known;
    }

    /**
     * Bin b holds the scores above the inner edge b·width up to (b + 1)·width included. The scores
     * are sorted, so a bin is the range up to the first score above its upper edge.
     */
    private static void bin(double[] sorted, long[] count, double[] sum) {
        int bins = count.length;
        double width = 1.0 / bins;
        int start = 0;
        for (int b = 0; b < bins; b++) {
            int end = sorted.length;
            if (b < bins - 1) {
                double edge = (b + 1) * width;
                int low = start;
                while (low < end) {
                    int middle = (low + end) >>> 1;
                    if (sorted[middle] > edge) {
                        end = middle;
                    } else {
                        low = middle + 1;
                    }
                }
            }
            double total = 0;
            for (int i = start; i < end; i++) {
                total += sorted[i];
            }
            count[b] = end - start;
            sum[b] = total;
            start = end;
        }
    }

    /** Immutable, so that it can be kept without locking. */
    private record Binned(
            int bins, long[] positiveCounts, double[] positiveSums, long[] negativeCounts, double[] negativeSums) {}

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
            double threshold = Math.max(
                    ip >= 0 ? positives[ip] : Double.NEGATIVE_INFINITY,
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
    public record CurvePoint(double threshold, double x, double y) {}

    /** A reliability curve and its expected calibration error. */
    public record Calibration(List<Bin> bins, double expectedCalibrationError) {
        /** One non-empty bin: its bounds, size, mean score and observed fraction of positives. */
        public record Bin(double lower, double upper, long count, double meanPredicted, double fractionPositive) {}
    }
}
