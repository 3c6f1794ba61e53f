package dev.ratchet.evaluation.metrics;

import java.util.List;

/**
 * A k×k confusion matrix (rows true labels, columns predicted labels, scikit-learn's layout) and
 * every metric that depends on the counts alone, with scikit-learn's definitions
 * ({@code zero_division=0}: a ratio with an empty denominator is 0).
 */
public record ConfusionCounts(List<String> labels, long[][] counts) {
    public ConfusionCounts {
        labels = List.copyOf(labels);
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

    public int size() {
        return labels.size();
    }

    public long total() {
        long total = 0;
        for (long[] row : counts) {
            for (long c : row) {
                total += c;
            }
        }
        return total;
    }

    public long correct() {
        long correct = 0;
        for (int i = 0; i < counts.length; i++) {
            correct += counts[i][i];
        }
        return correct;
    }

    /** The number of examples whose true label is {@code label}. */
    public long support(int label) {
        long sum = 0;
        for (long c : counts[label]) {
            sum += c;
        }
        return sum;
    }

    /** The number of examples predicted as {@code label}. */
    public long predictedCount(int label) {
        long sum = 0;
        for (long[] row : counts) {
            sum += row[label];
        }
        return sum;
    }

    public double accuracy() {
        return ratio(correct(), total());
    }

    public double precision(int label) {
        return ratio(counts[label][label], predictedCount(label));
    }

    public double recall(int label) {
        return ratio(counts[label][label], support(label));
    }

    public double f1(int label) {
        return f1(precision(label), recall(label));
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
    public record PrecisionRecallF1(double precision, double recall, double f1) {
    }
}
