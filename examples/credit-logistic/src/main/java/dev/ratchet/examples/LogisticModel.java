package dev.ratchet.examples;

import java.util.Random;

/** Binary logistic regression trained by mini-batch gradient descent with an L2 penalty. */
final class LogisticModel {
    private final double[] weights;
    private double bias;

    LogisticModel(int features) {
        weights = new double[features];
    }

    void trainEpoch(CreditData data, double learningRate, double l2, int batchSize, Random random) {
        int n = data.labels().length;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        double[] gradient = new double[weights.length];
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            java.util.Arrays.fill(gradient, 0);
            double biasGradient = 0;
            for (int k = from; k < to; k++) {
                double[] x = data.features()[order[k]];
                double error = probability(x) - data.labels()[order[k]];
                for (int j = 0; j < weights.length; j++) {
                    gradient[j] += error * x[j];
                }
                biasGradient += error;
            }
            int size = to - from;
            for (int j = 0; j < weights.length; j++) {
                weights[j] -= learningRate * (gradient[j] / size + l2 * weights[j]);
            }
            bias -= learningRate * biasGradient / size;
        }
    }

    double probability(double[] x) {
        double z = bias;
        for (int j = 0; j < weights.length; j++) {
            z += weights[j] * x[j];
        }
        return 1 / (1 + Math.exp(-z));
    }

    /** Mean log loss, probabilities clipped to [1e-15, 1 − 1e-15] as scikit-learn's log_loss. */
    double logLoss(CreditData data) {
        double sum = 0;
        for (int i = 0; i < data.labels().length; i++) {
            double p = Math.min(1 - 1e-15, Math.max(1e-15, probability(data.features()[i])));
            sum -= data.labels()[i] == 1 ? Math.log(p) : Math.log(1 - p);
        }
        return sum / data.labels().length;
    }

    double accuracy(CreditData data) {
        int right = 0;
        for (int i = 0; i < data.labels().length; i++) {
            right += (probability(data.features()[i]) >= 0.5) == (data.labels()[i] == 1) ? 1 : 0;
        }
        return (double) right / data.labels().length;
    }
}
