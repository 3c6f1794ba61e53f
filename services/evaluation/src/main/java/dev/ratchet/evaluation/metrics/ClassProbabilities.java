package dev.ratchet.evaluation.metrics;

/**
 * Predicted probabilities for every label: {@code probabilities[c][i]} is the probability that
 * example i has label c. Rows are renormalised to sum to 1, as scikit-learn does for log loss and
 * requires for multiclass ROC-AUC (stored probabilities are often rounded).
 */
public final class ClassProbabilities {
    /** scikit-learn's clipping for log loss: the machine epsilon of double. */
    static final double EPSILON = Math.ulp(1.0);

    private final int[] truth;
    private final double[][] probabilities;

    /** {@code truth[i]} indexes the label of example i; the probability columns follow the same label order. */
    public ClassProbabilities(int[] truth, double[][] probabilities) {
        this.truth = truth;
        this.probabilities = normalised(probabilities);
    }

    private static double[][] normalised(double[][] columns) {
        int n = columns[0].length;
        double[][] result = new double[columns.length][n];
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (double[] column : columns) {
                sum += column[i];
            }
            for (int c = 0; c < columns.length; c++) {
                result[c][i] = columns[c][i] / sum;
            }
        }
        return result;
    }

    /**
     * Mean negative log-likelihood of the true label. As scikit-learn 1.2: each probability is first
     * clipped to [ε, 1 − ε], then the row renormalised.
     */
    public static double logLoss(int[] truth, double[][] probabilities) {
        double total = 0;
        for (int i = 0; i < truth.length; i++) {
            total += rowLogLoss(probabilities, truth[i], i);
        }
        return total / truth.length;
    }

    /**
     * One example's negative log-likelihood of its true label, clipped and renormalised as in
     * {@link #logLoss}. Of two columns one may be null: its probability is 1 − the other's (a
     * binary task scored by the positive label alone, whose complement need not be held).
     */
    public static double rowLogLoss(double[][] probabilities, int label, int row) {
        if (probabilities.length == 2 && (probabilities[0] == null || probabilities[1] == null)) {
            double first = probabilities[0] == null ? 1 - probabilities[1][row] : probabilities[0][row];
            double second = probabilities[1] == null ? 1 - probabilities[0][row] : probabilities[1][row];
            return binaryLogLoss(first, second, label);
        }
        double sum = 0;
        for (double[] column : probabilities) {
            sum += clip(column[row]);
        }
        return -Math.log(clip(probabilities[label][row]) / sum);
    }

    /** {@link #rowLogLoss} of a binary row whose two labels have probabilities {@code first} and {@code second}. */
    public static double binaryLogLoss(double first, double second, int label) {
        return -Math.log(clip(label == 0 ? first : second) / (clip(first) + clip(second)));
    }

    private static double clip(double p) {
        return Math.max(EPSILON, Math.min(1 - EPSILON, p));
    }

    /** How many labels occur among the examples. */
    public int labelsPresent() {
        boolean[] seen = new boolean[probabilities.length];
        int present = 0;
        for (int t : truth) {
            if (!seen[t]) {
                seen[t] = true;
                present++;
            }
        }
        return present;
    }

    /** The scores of label c against the rest. */
    public BinaryScores oneVsRest(int label) {
        boolean[] positive = new boolean[truth.length];
        for (int i = 0; i < truth.length; i++) {
            positive[i] = truth[i] == label;
        }
        return BinaryScores.of(positive, probabilities[label]);
    }

    /** Mean of the one-vs-rest AUCs over the labels that occur (macro), or weighted by their support. */
    public double rocAucOneVsRest(boolean weighted) {
        long[] support = new long[probabilities.length];
        for (int t : truth) {
            support[t]++;
        }
        double sum = 0;
        double weights = 0;
        for (int c = 0; c < probabilities.length; c++) {
            if (support[c] > 0 && support[c] < truth.length) {
                double w = weighted ? support[c] : 1;
                sum += w * oneVsRest(c).rocAuc();
                weights += w;
            }
        }
        return sum / weights;
    }

    /**
     * The mean over all labels of the one-vs-rest average precision, a label that never occurs
     * counting 0 (scikit-learn's average_precision_score of the binarised labels, average="macro").
     */
    public double averagePrecisionOneVsRest() {
        double sum = 0;
        for (int c = 0; c < probabilities.length; c++) {
            BinaryScores scores = oneVsRest(c);
            sum += scores.hasBothClasses() ? scores.averagePrecision() : 0;
        }
        return sum / probabilities.length;
    }

    /**
     * The share of examples whose label is among the k most probable (scikit-learn's
     * top_k_accuracy_score: among equal probabilities the later label ranks first).
     */
    public double topKAccuracy(int k) {
        return (double) topKHits(k) / truth.length;
    }

    /** How many examples have their label among the k most probable. */
    public long topKHits(int k) {
        long hits = 0;
        for (int i = 0; i < truth.length; i++) {
            double own = probabilities[truth[i]][i];
            int ahead = 0;
            for (int c = 0; c < probabilities.length; c++) {
                ahead += probabilities[c][i] > own || probabilities[c][i] == own && c > truth[i] ? 1 : 0;
            }
            hits += ahead < k ? 1 : 0;
        }
        return hits;
    }

    /** One example's multiclass Brier score: Σ_c (p_c − [label = c])². */
    public double rowBrier(int i) {
        double sum = 0;
        for (int c = 0; c < probabilities.length; c++) {
            double error = probabilities[c][i] - (truth[i] == c ? 1 : 0);
            sum += error * error;
        }
        return sum;
    }

    /**
     * Hand & Till (2001): the mean over label pairs (a, b) of the AUC separating a from b on the
     * examples of a or b, averaged over scoring by a's and by b's probability; weighted, each pair
     * counts by its prevalence (scikit-learn's {@code average="weighted"}).
     */
    public double rocAucOneVsOne(boolean weighted) {
        long[] support = new long[probabilities.length];
        for (int t : truth) {
            support[t]++;
        }
        double sum = 0;
        double weights = 0;
        for (int a = 0; a < probabilities.length; a++) {
            for (int b = a + 1; b < probabilities.length; b++) {
                double ab = pairAuc(a, b);
                double ba = pairAuc(b, a);
                if (!Double.isNaN(ab) && !Double.isNaN(ba)) {
                    // weighted: by the pair's prevalence, the share of rows whose label is a or b
                    double weight = weighted ? support[a] + support[b] : 1;
                    sum += weight * (ab + ba) / 2;
                    weights += weight;
                }
            }
        }
        return sum / weights;
    }

    /**
     * One example's label ranking precision (its term in scikit-learn's {@code
     * label_ranking_average_precision_score}, one true label per row): 1 / the number of labels
     * scored at least as high as its own.
     */
    public double rowLabelRankPrecision(int i) {
        double own = probabilities[truth[i]][i];
        int atLeast = 0;
        for (double[] label : probabilities) {
            atLeast += label[i] >= own ? 1 : 0;
        }
        return 1.0 / atLeast;
    }

    private double pairAuc(int positive, int negative) {
        int n = 0;
        for (int t : truth) {
            if (t == positive || t == negative) {
                n++;
            }
        }
        boolean[] isPositive = new boolean[n];
        double[] scores = new double[n];
        int j = 0;
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] == positive || truth[i] == negative) {
                isPositive[j] = truth[i] == positive;
                scores[j++] = probabilities[positive][i];
            }
        }
        BinaryScores pair = BinaryScores.of(isPositive, scores);
        return pair.hasBothClasses() ? pair.rocAuc() : Double.NaN;
    }
}
