package dev.ratchet.evaluation.scoring;

import dev.ratchet.evaluation.metrics.ClassProbabilities;
import it.unimi.dsi.fastutil.doubles.DoubleArrays;
import java.util.ArrayList;
import java.util.List;

/**
 * A binary task's rows sorted once by the positive label's score, each with what it adds to the
 * metrics (its confusion-matrix cell and its log loss). Every group of a partition of the rows —
 * the whole test set, the values of a slice column — then gets its metrics' inputs from one
 * sequential sweep, its scores already in ascending order. At 10 million rows one sort costs about
 * a second; sorting every slice value again, and reading rows scattered over memory, cost several.
 */
final class ScoreOrder {
    private static final int BLOCK = 4096;
    private final int[] truth;
    private final int[] order;
    private final double[] scores;
    private final byte[] cells;
    private final double[] logLosses;
    private final int positive;

    private ScoreOrder(int[] truth, int[] order, double[] scores, byte[] cells, double[] logLosses, int positive) {
        this.truth = truth;
        this.order = order;
        this.scores = scores;
        this.cells = cells;
        this.logLosses = logLosses;
        this.positive = positive;
    }

    /**
     * @param truth each row's label index (0 or 1)
     * @param predicted each row's predicted label index (0 or 1)
     * @param probabilities both labels' probability columns
     * @param positive the positive label's index
     */
    static ScoreOrder of(int[] truth, int[] predicted, double[][] probabilities, int positive) {
        int n = truth.length;
        // scored by the positive label alone, a row's log loss follows from its score and label,
        // which the sort carries anyway: it is computed after the sort instead of sorted along
        // (80 MB less at the peak of 10 million rows)
        boolean complemented = probabilities[1 - positive] == null;
        double[] scores = probabilities[positive].clone();
        double[] rowAndCell = new double[n];
        double[] logLosses = complemented ? null : new double[n];
        for (int r = 0; r < n; r++) {
            rowAndCell[r] = r * 4.0 + truth[r] * 2 + predicted[r];
            if (!complemented) {
                logLosses[r] = ClassProbabilities.rowLogLoss(probabilities, truth[r], r);
            }
        }
        // A radix sort of (score, row·4 + cell[, log loss]): the score order, ties by row, for the
        // price of one sort, each row's data carried along (gathering it afterwards from rows
        // scattered over memory took twice as long as the sort).
        DoubleArrays.radixSort(
                complemented ? new double[][] {scores, rowAndCell} : new double[][] {scores, rowAndCell, logLosses});
        int[] order = new int[n];
        byte[] cells = new byte[n];
        for (int p = 0; p < n; p++) {
            long key = (long) rowAndCell[p];
            order[p] = (int) (key >> 2);
            cells[p] = (byte) (key & 3);
        }
        rowAndCell = null; // garbage before the log losses are allocated
        if (complemented) {
            logLosses = new double[n];
            for (int p = 0; p < n; p++) {
                double s = scores[p];
                logLosses[p] = positive == 1
                        ? ClassProbabilities.binaryLogLoss(1 - s, s, cells[p] >> 1)
                        : ClassProbabilities.binaryLogLoss(s, 1 - s, cells[p] >> 1);
            }
        }
        return new ScoreOrder(truth, order, scores, cells, logLosses, positive);
    }

    /** Each row's log loss, in the file's order. */
    double[] rowLogLosses() {
        double[] byRow = new double[order.length];
        for (int p = 0; p < order.length; p++) {
            byRow[order[p]] = logLosses[p];
        }
        return byRow;
    }

    /**
     * The inputs of every group's metrics, by group index: the groups' sizes counted in the file's
     * order, then one sweep in score order that fills each group's arrays.
     *
     * @param group each row's group, 0 to {@code groups} − 1; null puts every row in one group
     */
    List<Group> sweep(int[] group, int groups) {
        int[] positives = new int[groups];
        int[] negatives = new int[groups];
        for (int r = 0; r < truth.length; r++) {
            int g = group == null ? 0 : group[r];
            if (truth[r] == positive) {
                positives[g]++;
            } else {
                negatives[g]++;
            }
        }
        double[][] positiveScores = new double[groups][];
        double[][] negativeScores = new double[groups][];
        for (int g = 0; g < groups; g++) {
            positiveScores[g] = new double[positives[g]];
            negativeScores[g] = new double[negatives[g]];
        }
        long[][] cellCounts = new long[groups][4];
        double[][] sums = new double[groups][4];
        int[] nextPositive = new int[groups];
        int[] nextNegative = new int[groups];
        // The groups of a block of positions are read first, in a loop of nothing but those
        // scattered reads, which the processor overlaps; mixed into the loop below they stall it.
        int[] block = new int[BLOCK];
        for (int p = 0; p < order.length; p++) {
            int offset = p % BLOCK;
            if (offset == 0 && group != null) {
                for (int q = p; q < Math.min(order.length, p + BLOCK); q++) {
                    block[q - p] = group[order[q]];
                }
            }
            int g = group == null ? 0 : block[offset];
            double s = scores[p];
            int cell = cells[p];
            boolean isPositive = cell / 2 == positive;
            cellCounts[g][cell]++;
            double logLoss = logLosses[p];
            double error = s - (isPositive ? 1 : 0);
            double squaredError = error * error;
            double[] sum = sums[g];
            sum[0] += logLoss;
            sum[1] += logLoss * logLoss;
            sum[2] += squaredError;
            sum[3] += squaredError * squaredError;
            if (isPositive) {
                positiveScores[g][nextPositive[g]++] = s;
            } else {
                negativeScores[g][nextNegative[g]++] = s;
            }
        }
        List<Group> result = new ArrayList<>(groups);
        for (int g = 0; g < groups; g++) {
            result.add(new Group(
                    cellCounts[g],
                    sums[g][0],
                    sums[g][1],
                    sums[g][2],
                    sums[g][3],
                    positiveScores[g],
                    negativeScores[g]));
        }
        return result;
    }

    /**
     * One group: its 2×2 confusion cells (truth·2 + prediction), sums of the log loss and of the
     * squared error (Brier) and of their squares, and the scores of its positives and negatives,
     * each ascending.
     */
    record Group(
            long[] cells,
            double logLossSum,
            double logLossSquares,
            double squaredErrorSum,
            double squaredErrorSquares,
            double[] positives,
            double[] negatives) {
        int size() {
            return positives.length + negatives.length;
        }
    }
}
