package dev.ratchet.trainer;

import java.util.Arrays;
import java.util.List;

/**
 * Standardisation of the numeric inputs for the linear model: (x − mean) / standard deviation,
 * learned on the training rows. A logistic regression fitted by coordinate descent on raw
 * amounts (hundreds to tens of thousands) next to 0/1 indicators converges to a poor model; scaled
 * inputs make the penalty and the steps treat every input alike. The ONNX export folds the
 * scaling into the weights, so the model still takes raw values.
 */
record Scaling(double[] mean, double[] scale) {
    static Scaling identity(int inputs) {
        double[] ones = new double[inputs];
        Arrays.fill(ones, 1);
        return new Scaling(new double[inputs], ones);
    }

    /** Numeric inputs get their training mean and standard deviation; indicators stay as they are. */
    static Scaling fit(float[] matrix, List<Features.Feature> features) {
        int inputs = features.size();
        Scaling scaling = identity(inputs);
        int rows = matrix.length / inputs;
        for (int f = 0; f < inputs; f++) {
            if (features.get(f).equals() != null) {
                continue;
            }
            double sum = 0;
            double squares = 0;
            int present = 0;
            for (int r = 0; r < rows; r++) {
                float x = matrix[r * inputs + f];
                if (!Float.isNaN(x)) {
                    sum += x;
                    squares += (double) x * x;
                    present++;
                }
            }
            if (present > 0) {
                double mean = sum / present;
                double sd = Math.sqrt(Math.max(0, squares / present - mean * mean));
                scaling.mean[f] = mean;
                scaling.scale[f] = sd > 0 ? sd : 1;
            }
        }
        return scaling;
    }

    float[] apply(float[] matrix) {
        int inputs = mean.length;
        float[] scaled = new float[matrix.length];
        for (int i = 0; i < matrix.length; i++) {
            int f = i % inputs;
            scaled[i] = (float) ((matrix[i] - mean[f]) / scale[f]);
        }
        return scaled;
    }
}
