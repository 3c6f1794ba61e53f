package dev.ratchet.evaluation.metrics;

import java.util.List;

/**
 * A k×k confusion matrix (rows true labels, columns predicted labels, scikit-learn's layout) and
 * every metric that depends on the counts alone, with scikit-learn's definitions
 * ({@code zero_division=0}: a ratio with an empty denominator is 0). Every metric reads the
 * margins (diagonal, supports, predicted counts), computed once, so each costs O(k); a matrix of
 * 1,000 labels bootstrapped over its non-zero cells costs what its rows cost, not k² per resample.
 */
public final class ConfusionCounts {
    private final List<String> labels;
    private long[][] counts;
    private final int[] cellTruth;
    private final int[] cellPredicted;
    private final long[] cellCounts;
    private final long[] diagonal;
    private final long[] support;
    private final long[] predictedCounts;
    private final long total;

    /** From a full matrix. */
    public ConfusionCounts(List<String> labels, long[][] counts) {
        this(labels, counts, nonZero(counts));
    }

    private ConfusionCounts(List<String> labels, long[][] counts, long[][] cells) {
        this(labels, counts, toInts(cells[0]), toInts(cells[1]), cells[2]);
    }

    private ConfusionCounts(
            List<String> labels, long[][] counts, int[] cellTruth, int[] cellPredicted, long[] cellCounts) {
        this.labels = List.copyOf(labels);
        this.counts = counts;
        this.cellTruth = cellTruth;
        this.cellPredicted = cellPredicted;
        this.cellCounts = cellCounts;
        int k = this.labels.size();
        diagonal = new long[k];
        support = new long[k];
        predictedCounts = new long[k];
        long sum = 0;
        for (int c = 0; c < cellCounts.length; c++) {
            long n = cellCounts[c];
            support[cellTruth[c]] += n;
            predictedCounts[cellPredicted[c]] += n;
            if (cellTruth[c] == cellPredicted[c]) {
                diagonal[cellTruth[c]] += n;
            }
            sum += n;
        }
        total = sum;
    }

    /**
     * From cells: {@code counts[c]} examples with true label {@code truth[c]} and predicted label
     * {@code predicted[c]} (a cell may repeat; zeros are fine). The arrays are not copied.
     */
    public static ConfusionCounts ofCells(List<String> labels, int[] truth, int[] predicted, long[] counts) {
        return new ConfusionCounts(labels, null, truth, predicted, counts);
    }

    /** Counts the pairs; {@code truth} and {@code predicted} hold indexes into {@code labels}. */
    public static ConfusionCounts count(List<String> labels, int[] truth, int[] predicted) {
        int k = labels.size();
        long[][] counts = new long[k][k];
        for (int i = 0; i < truth.length; i++) {
            counts[truth[i]][predicted[i]]++;
        }
        return new ConfusionCounts(labels, counts);
    }

    public List<String> labels() {
        return labels;
    }

    /** The matrix, built from the cells on first use when the counts came as cells. */
    public synchronized long[][] counts() {
        if (counts == null) {
            int k = labels.size();
            counts = new long[k][k];
            for (int c = 0; c < cellCounts.length; c++) {
                counts[cellTruth[c]][cellPredicted[c]] += cellCounts[c];
            }
        }
        return counts;
    }

    /** The true label of each non-zero cell (in row-major order for a matrix). */
    public int[] cellTruth() {
        return cellTruth;
    }

    /** The predicted label of each non-zero cell. */
    public int[] cellPredicted() {
        return cellPredicted;
    }

    /** The count of each non-zero cell. */
    public long[] cellCounts() {
        return cellCounts;
    }

    public int size() {
        return labels.size();
    }

    public long total() {
        return total;
    }

    public long correct() {
        long correct = 0;
        for (long d : diagonal) {
            correct += d;
        }
        return correct;
    }

    /** The number of examples whose true label is {@code label}. */
    public long support(int label) {
        return support[label];
    }

    /** The number of examples predicted as {@code label}. */
    public long predictedCount(int label) {
        return predictedCounts[label];
    }

    /** The examples with true label {@code label} predicted as {@code label}. */
    public long truePositives(int label) {
        return diagonal[label];
    }

    public double accuracy() {
        return ratio(correct(), total());
    }

    public double precision(int label) {
        return ratio(diagonal[label], predictedCount(label));
    }

    public double recall(int label) {
        return ratio(diagonal[label], support(label));
    }

    public double f1(int label) {
        return f1(precision(label), recall(label));
    }

    /** F-beta of one label: recall weighs beta times as much as precision (scikit-learn's fbeta_score). */
    public double fBeta(int label, double beta) {
        double p = precision(label);
        double r = recall(label);
        double b2 = beta * beta;
        return b2 * p + r == 0 ? 0 : (1 + b2) * p * r / (b2 * p + r);
    }

    /** The Jaccard index of one label: TP / (TP + FP + FN); 0 when it never occurs (scikit-learn's zero_division). */
    public double jaccard(int label) {
        return ratio(diagonal[label], support(label) + predictedCount(label) - diagonal[label]);
    }

    /** The Jaccard index averaged over the labels as {@link #macro} averages, and support-weighted. */
    public double jaccardMacro() {
        double sum = 0;
        for (int i = 0; i < size(); i++) {
            sum += jaccard(i);
        }
        return sum / size();
    }

    public double jaccardWeighted() {
        double sum = 0;
        for (int i = 0; i < size(); i++) {
            sum += ratio(support(i), total()) * jaccard(i);
        }
        return sum;
    }

    /** From the pooled counts: every wrong row is one false positive and one false negative. */
    public double jaccardMicro() {
        return ratio(correct(), 2.0 * total() - correct());
    }

    /**
     * The positive likelihood ratio of a binary task, recall / false-positive rate, and the negative
     * one, miss rate / specificity (scikit-learn's class_likelihood_ratios); NaN where a rate in the
     * denominator is 0 or the label never occurs.
     */
    public double positiveLikelihoodRatio(int positive) {
        double falsePositiveRate =
                (double) (predictedCount(positive) - diagonal[positive]) / (total() - support(positive));
        return support(positive) == 0 || falsePositiveRate == 0 || Double.isNaN(falsePositiveRate)
                ? Double.NaN
                : recall(positive) / falsePositiveRate;
    }

    public double negativeLikelihoodRatio(int positive) {
        long negatives = total() - support(positive);
        double specificity = (double) (negatives - (predictedCount(positive) - diagonal[positive])) / negatives;
        return support(positive) == 0 || negatives == 0 || specificity == 0
                ? Double.NaN
                : (1 - recall(positive)) / specificity;
    }

    /** The mean recall over the labels that occur as true labels (scikit-learn drops the others). */
    public double balancedAccuracy() {
        double sum = 0;
        int present = 0;
        for (int i = 0; i < size(); i++) {
            if (support(i) > 0) {
                sum += recall(i);
                present++;
            }
        }
        return ratio(sum, present);
    }

    /** Unweighted mean over all labels, including those that occur only as predictions. */
    public PrecisionRecallF1 macro() {
        double p = 0;
        double r = 0;
        double f = 0;
        for (int i = 0; i < size(); i++) {
            p += precision(i);
            r += recall(i);
            f += f1(i);
        }
        return new PrecisionRecallF1(p / size(), r / size(), f / size());
    }

    /** Mean weighted by support. */
    public PrecisionRecallF1 weighted() {
        double p = 0;
        double r = 0;
        double f = 0;
        long total = total();
        for (int i = 0; i < size(); i++) {
            double w = ratio(support(i), total);
            p += w * precision(i);
            r += w * recall(i);
            f += w * f1(i);
        }
        return new PrecisionRecallF1(p, r, f);
    }

    /** From the pooled counts; with every label included, each equals the accuracy. */
    public PrecisionRecallF1 micro() {
        double a = accuracy();
        return new PrecisionRecallF1(a, a, f1(a, a));
    }

    /** Cohen's kappa: agreement beyond chance, chance from the two marginals. */
    public double cohenKappa() {
        double n = total();
        double expected = 0;
        for (int i = 0; i < size(); i++) {
            expected += (support(i) / n) * (predictedCount(i) / n);
        }
        double observed = correct() / n;
        return (observed - expected) / (1 - expected);
    }

    /** Matthews correlation coefficient, multiclass (Gorodkin's R_K), as scikit-learn computes it. */
    public double mcc() {
        double s = total();
        double c = correct();
        double tp = 0;
        double tt = 0;
        double pp = 0;
        for (int i = 0; i < size(); i++) {
            double t = support(i);
            double p = predictedCount(i);
            tp += t * p;
            tt += t * t;
            pp += p * p;
        }
        double denominator = Math.sqrt((s * s - pp) * (s * s - tt));
        return denominator == 0 ? 0 : (c * s - tp) / denominator;
    }

    static double f1(double precision, double recall) {
        return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    }

    static double ratio(double numerator, double denominator) {
        return denominator == 0 ? 0 : numerator / denominator;
    }

    /** Precision, recall and F1 of one label or one average. */
    public record PrecisionRecallF1(double precision, double recall, double f1) {}

    /** The non-zero cells of a matrix: true labels, predicted labels, counts. */
    private static long[][] nonZero(long[][] counts) {
        int n = 0;
        for (long[] row : counts) {
            for (long c : row) {
                n += c == 0 ? 0 : 1;
            }
        }
        long[][] cells = new long[3][n];
        int at = 0;
        for (int t = 0; t < counts.length; t++) {
            for (int p = 0; p < counts[t].length; p++) {
                if (counts[t][p] != 0) {
                    cells[0][at] = t;
                    cells[1][at] = p;
                    cells[2][at++] = counts[t][p];
                }
            }
        }
        return cells;
    }

    private static int[] toInts(long[] values) {
        int[] ints = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            ints[i] = (int) values[i];
        }
        return ints;
    }
}
