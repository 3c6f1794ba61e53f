package dev.ratchet.evaluation.slices;

import dev.ratchet.evaluation.data.Column;
import dev.ratchet.evaluation.data.Table;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a column into one slice key per row: text and numeric columns with few distinct values
 * slice by value; other numeric columns by quantile buckets. Missing values form their own slice.
 */
final class SliceKeys {
    /** A numeric column with at most this many distinct values (a year, a 0/1 flag) slices by value. */
    static final int MAX_NUMERIC_VALUES = 12;
    static final String MISSING = "(missing)";

    private SliceKeys() {
    }

    /** The key of each row, e.g. {@code Marital=single} or {@code Age=[19, 27)}. */
    static String[] of(Table table, String name, int buckets) {
        Column column = table.column(name);
        String[] keys = new String[table.rows()];
        if (column instanceof Column.Numeric numeric && distinct(numeric.values()) > MAX_NUMERIC_VALUES) {
            double[] edges = quantileEdges(numeric.values(), buckets);
            for (int i = 0; i < keys.length; i++) {
                double v = numeric.values()[i];
                keys[i] = name + "=" + (Double.isNaN(v) ? MISSING : bucket(edges, v));
            }
        } else {
            for (int i = 0; i < keys.length; i++) {
                keys[i] = name + "=" + (column.isMissing(i) ? MISSING : column.asText(i));
            }
        }
        return keys;
    }

    /** Each key's rows, largest group first. */
    static Map<String, int[]> groups(String[] keys) {
        Map<String, List<Integer>> lists = new LinkedHashMap<>();
        for (int i = 0; i < keys.length; i++) {
            lists.computeIfAbsent(keys[i], k -> new ArrayList<>()).add(i);
        }
        Map<String, int[]> groups = new LinkedHashMap<>();
        lists.entrySet().stream()
                .sorted((a, b) -> Integer.compare(b.getValue().size(), a.getValue().size()))
                .forEach(e -> groups.put(e.getKey(), e.getValue().stream().mapToInt(Integer::intValue).toArray()));
        return groups;
    }

    static String[] cross(String[] a, String[] b) {
        String[] keys = new String[a.length];
        for (int i = 0; i < a.length; i++) {
            keys[i] = a[i] + " × " + b[i];
        }
        return keys;
    }

    static int distinct(double[] values) {
        Set<Double> seen = new HashSet<>();
        for (double v : values) {
            if (!Double.isNaN(v) && seen.add(v) && seen.size() > MAX_NUMERIC_VALUES) {
                break;
            }
        }
        return seen.size();
    }

    /** Inner edges at the 1/b, 2/b, ... quantiles of the present values, duplicates removed. */
    private static double[] quantileEdges(double[] values, int buckets) {
        double[] present = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        double[] edges = new double[buckets - 1];
        for (int q = 1; q < buckets; q++) {
            edges[q - 1] = present[(int) Math.floor((double) q * present.length / buckets)];
        }
        return Arrays.stream(edges).distinct().toArray();
    }

    private static String bucket(double[] edges, double v) {
        int b = 0;
        while (b < edges.length && v >= edges[b]) {
            b++;
        }
        String lower = b == 0 ? "-inf" : format(edges[b - 1]);
        String upper = b == edges.length ? "inf" : format(edges[b]);
        return "[" + lower + ", " + upper + ")";
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format("%.4g", v);
    }
}
