package dev.ratchet.evaluation.evaluation;

import java.util.List;

/** True and predicted labels of a test set, one entry per example, in the same order. */
public record Predictions(List<String> labels, List<String> predicted) {
    public Predictions {
        if (labels.size() != predicted.size()) {
            throw new IllegalArgumentException(labels.size() + " labels but " + predicted.size() + " predictions");
        }
        labels = List.copyOf(labels);
        predicted = List.copyOf(predicted);
    }
}
