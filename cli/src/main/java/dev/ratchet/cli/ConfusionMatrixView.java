package dev.ratchet.cli;

import dev.ratchet.events.v1.ConfusionMatrix;
import java.io.PrintWriter;

/** A confusion matrix as a text table: rows are true labels, columns predicted labels. */
final class ConfusionMatrixView {
    private ConfusionMatrixView() {}

    static void print(ConfusionMatrix matrix, PrintWriter out) {
        int width = Math.max(
                11,
                matrix.getLabelsList().stream().mapToInt(String::length).max().orElse(0) + 2);
        out.printf("  %-" + width + "s", "true\\pred");
        matrix.getLabelsList().forEach(label -> out.printf("%" + width + "s", label));
        out.println();
        for (int i = 0; i < matrix.getRowsCount(); i++) {
            out.printf("  %-" + width + "s", matrix.getLabels(i));
            matrix.getRows(i).getCountsList().forEach(count -> out.printf("%" + width + "d", count));
            out.println();
        }
    }
}
