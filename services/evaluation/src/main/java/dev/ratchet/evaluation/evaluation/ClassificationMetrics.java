package dev.ratchet.evaluation.evaluation;

import dev.ratchet.events.v1.ClassificationSummary;
import dev.ratchet.events.v1.ConfusionMatrix;
import dev.ratchet.events.v1.ConfusionMatrixRow;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Accuracy and the confusion matrix, with scikit-learn's definitions and layout. */
public final class ClassificationMetrics {
    private ClassificationMetrics() {
    }

    /**
     * Labels are the sorted union of true and predicted labels (scikit-learn's {@code unique_labels});
     * rows are true labels, columns predicted labels.
     */
    public static ClassificationSummary summarize(Predictions predictions) {
        TreeSet<String> sorted = new TreeSet<>(predictions.labels());
        sorted.addAll(predictions.predicted());
        List<String> labels = List.copyOf(sorted);
        Map<String, Integer> index = new HashMap<>();
        labels.forEach(label -> index.put(label, index.size()));
        long[][] counts = new long[labels.size()][labels.size()];
        long correct = 0;
        int n = predictions.labels().size();
        for (int i = 0; i < n; i++) {
            String truth = predictions.labels().get(i);
            String predicted = predictions.predicted().get(i);
            counts[index.get(truth)][index.get(predicted)]++;
            if (truth.equals(predicted)) {
                correct++;
            }
        }
        ConfusionMatrix.Builder matrix = ConfusionMatrix.newBuilder().addAllLabels(labels);
        for (long[] row : counts) {
            ConfusionMatrixRow.Builder r = ConfusionMatrixRow.newBuilder();
            for (long c : row) {
                r.addCounts(c);
            }
            matrix.addRows(r);
        }
        return ClassificationSummary.newBuilder()
                .setExampleCount(n)
                .setAccuracy((double) correct / n)
                .setConfusionMatrix(matrix)
                .build();
    }
}
