package dev.ratchet.examples;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * german_credit.csv as a design matrix: numeric columns standardised, text columns one-hot, the
 * label 1 for {@code Class = Bad}. The id column is dropped.
 */
record CreditData(double[][] features, double[] labels) {
    private static final String LABEL = "Class";
    private static final String ID = "row_id";

    record Split(CreditData train, CreditData validation) {}

    static CreditData load(Path csv) throws IOException {
        List<Map<String, String>> rows = new ArrayList<>();
        try (MappingIterator<Map<String, String>> it = new CsvMapper()
                .readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader())
                .readValues(csv.toFile())) {
            it.forEachRemaining(rows::add);
        }
        if (rows.isEmpty() || !rows.get(0).containsKey(LABEL)) {
            throw new IllegalArgumentException(csv + " has no rows or no '" + LABEL + "' column");
        }
        List<String> columns = new ArrayList<>(rows.get(0).keySet());
        columns.remove(LABEL);
        columns.remove(ID);
        Map<String, List<String>> levels = new LinkedHashMap<>();
        Map<String, double[]> moments = new LinkedHashMap<>();
        for (String column : columns) {
            if (rows.stream().allMatch(r -> isNumber(r.get(column)))) {
                double[] values = rows.stream()
                        .mapToDouble(r -> Double.parseDouble(r.get(column)))
                        .toArray();
                double mean = java.util.Arrays.stream(values).average().orElse(0);
                double sd = Math.sqrt(java.util.Arrays.stream(values)
                        .map(v -> (v - mean) * (v - mean))
                        .average()
                        .orElse(1));
                moments.put(column, new double[] {mean, sd == 0 ? 1 : sd});
            } else {
                levels.put(
                        column,
                        new ArrayList<>(new TreeSet<>(
                                rows.stream().map(r -> r.get(column)).toList())));
            }
        }
        int width =
                moments.size() + levels.values().stream().mapToInt(List::size).sum();
        double[][] features = new double[rows.size()][width];
        double[] labels = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            Map<String, String> row = rows.get(i);
            int j = 0;
            for (Map.Entry<String, double[]> m : moments.entrySet()) {
                features[i][j++] = (Double.parseDouble(row.get(m.getKey())) - m.getValue()[0]) / m.getValue()[1];
            }
            for (Map.Entry<String, List<String>> l : levels.entrySet()) {
                features[i][j + l.getValue().indexOf(row.get(l.getKey()))] = 1;
                j += l.getValue().size();
            }
            labels[i] = "Bad".equals(row.get(LABEL)) ? 1 : 0;
        }
        return new CreditData(features, labels);
    }

    /** A seeded random split; {@code validationShare} of the rows go to validation. */
    Split split(double validationShare, long seed) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(seed));
        int validation = (int) Math.round(labels.length * validationShare);
        return new Split(subset(order.subList(validation, order.size())), subset(order.subList(0, validation)));
    }

    private CreditData subset(List<Integer> rows) {
        return new CreditData(
                rows.stream().map(i -> features[i]).toArray(double[][]::new),
                rows.stream().mapToDouble(i -> labels[i]).toArray());
    }

    private static boolean isNumber(String value) {
        try {
            Double.parseDouble(value);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
