package dev.ratchet.trainer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How rows become the model's inputs, learned from the training set: a numeric column is one
 * input (missing: NaN), a text column one 0/1 input per value seen in training (a value it did
 * not see: all 0). The same list goes into the ONNX model's metadata, so the evaluation service
 * encodes rows the same way.
 */
final class Features {
    /** One input: a numeric column, or 1 when a text column equals {@code equals}. */
    record Feature(String column, String equals) {}

    private final List<Feature> features;

    private Features(List<Feature> features) {
        this.features = features;
    }

    static Features fit(TabularData train, Set<String> excluded) {
        List<Feature> features = new ArrayList<>();
        for (String column : train.header()) {
            if (excluded.contains(column)) {
                continue;
            }
            String[] values = train.values(column);
            if (numeric(values)) {
                features.add(new Feature(column, null));
            } else {
                Map<String, Long> counts = new LinkedHashMap<>();
                for (String value : values) {
                    if (!value.isEmpty()) {
                        counts.merge(value, 1L, Long::sum);
                    }
                }
                counts.entrySet().stream()
                        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                        .forEach(e -> features.add(new Feature(column, e.getKey())));
            }
        }
        return new Features(features);
    }

    List<Feature> list() {
        return features;
    }

    /** The rows' inputs, row after row. */
    float[] matrix(TabularData data) {
        int[] columns = features.stream().mapToInt(f -> data.column(f.column())).toArray();
        float[] matrix = new float[data.rows().size() * features.size()];
        for (int r = 0; r < data.rows().size(); r++) {
            String[] row = data.rows().get(r);
            for (int f = 0; f < columns.length; f++) {
                String value = row[columns[f]];
                Feature feature = features.get(f);
                matrix[r * columns.length + f] = feature.equals() != null
                        ? (feature.equals().equals(value) ? 1 : 0)
                        : value.isEmpty() ? Float.NaN : parse(value, feature.column(), r, data);
            }
        }
        return matrix;
    }

    private static float parse(String value, String column, int row, TabularData data) {
        try {
            return Float.parseFloat(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(data.file() + " row " + (row + 1) + ": column '" + column
                    + "' is numeric in the training set but holds '" + value + "'");
        }
    }

    private static boolean numeric(String[] values) {
        boolean any = false;
        for (String value : values) {
            if (value.isEmpty()) {
                continue;
            }
            try {
                Double.parseDouble(value);
                any = true;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return any;
    }
}
