package dev.ratchet.evaluation.behavior;

import dev.ratchet.evaluation.data.Column;
import dev.ratchet.evaluation.data.Table;
import java.util.ArrayList;
import java.util.List;

/** Predictions the service computes with a model, added to the test set as two columns. */
public final class ModelPredictions {
    /** The predicted label (probability ≥ 0.5: the positive label). */
    public static final String PREDICTED = "ratchet.predicted";
    /** The positive label's probability. */
    public static final String SCORE = "ratchet.score";

    private ModelPredictions() {}

    public static Table add(Table table, OnnxScorer model) {
        double[] probabilities = model.probabilities(new OnnxScorer.Rows() {
            @Override
            public int count() {
                return table.rows();
            }

            @Override
            public String value(int row, String column) {
                return table.column(column).asText(row);
            }
        });
        String[] predicted = new String[probabilities.length];
        for (int i = 0; i < predicted.length; i++) {
            predicted[i] = probabilities[i] >= 0.5 ? model.positiveLabel() : model.negativeLabel();
        }
        List<Column> columns = new ArrayList<>();
        table.columnNames().forEach(name -> columns.add(table.column(name)));
        columns.add(new Column.Text(PREDICTED, predicted));
        columns.add(new Column.Numeric(SCORE, probabilities));
        return new Table(table.source(), table.rows(), columns);
    }
}
