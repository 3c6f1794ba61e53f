package dev.ratchet.evaluation.scoring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.ratchet.evaluation.metrics.ClassProbabilities;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Log losses computed after the sort (one score column) equal those sorted along (both columns). */
class ScoreOrderTest {
    @Test
    void rowLogLossesFromTheSortedScoresEqualTheRowsOwnWhicheverLabelIsPositive() {
        SplittableRandom random = new SplittableRandom(7);
        int n = 2_000;
        int[] truth = new int[n];
        int[] predicted = new int[n];
        double[] score = new double[n];
        for (int r = 0; r < n; r++) {
            truth[r] = random.nextInt(2);
            predicted[r] = random.nextInt(2);
            // ties, certainties and values near them, where clipping matters
            score[r] = switch (random.nextInt(4)) {
                case 0 -> 0.0;
                case 1 -> 1.0;
                case 2 -> Math.round(random.nextDouble() * 10) / 10.0;
                default -> random.nextDouble();
            };
        }
        for (int positive = 0; positive < 2; positive++) {
            double[][] alone = positive == 0 ? new double[][] {score, null} : new double[][] {null, score};
            double[] expected = new double[n];
            for (int r = 0; r < n; r++) {
                expected[r] = ClassProbabilities.rowLogLoss(alone, truth[r], r);
            }
            assertArrayEquals(
                    expected, ScoreOrder.of(truth, predicted, alone, positive).rowLogLosses(), 0.0);
        }
    }
}
