package dev.ratchet.evaluation.slices;

import dev.ratchet.evaluation.data.Column;
import dev.ratchet.evaluation.data.Table;
import dev.ratchet.evaluation.data.TextCodes;
import dev.ratchet.evaluation.scoring.TaskEvaluator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A slicing of the rows: one small integer per row and a name per integer (e.g.
 * {@code Marital=single}, {@code Age=[19, 27)}). Text columns and numeric columns with few
 * distinct values slice by value; other numeric columns by quantile buckets. Missing values form
 * their own slice. Codes, not strings, so that 10 million rows cost 40 MB.
 */
record SliceKeys(int[] codes, List<String> names) {
    /** A numeric column with at most this many distinct values (a year, a 0/1 flag) slices by value. */
    static final int MAX_NUMERIC_VALUES = 12;

    static final String MISSING = "(missing)";

    static SliceKeys of(Table table, String name, int buckets) {
        Column column = table.column(name);
        if (column instanceof Column.Text text) {
            TextCodes coded = text.coded();
            List<String> names = new ArrayList<>();
            coded.values().forEach(v -> names.add(name + "=" + (v == null ? MISSING : v)));
            return new SliceKeys(coded.codes(), names);
        }
        Column.Numeric numeric = (Column.Numeric) column;
        return distinct(numeric.values()) > MAX_NUMERIC_VALUES ? buckets(numeric, buckets) : byValue(numeric);
    }

    private static SliceKeys buckets(Column.Numeric numeric, int buckets) {
        double[] values = numeric.values();
        double[] edges = quantileEdges(values, buckets);
        List<String> names = new ArrayList<>();
        for (int b = 0; b <= edges.length; b++) {
            names.add(numeric.name() + "=" + bucket(edges, b));
        }
        names.add(numeric.name() + "=" + MISSING);
        int[] codes = new int[values.length];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = Double.isNaN(values[i]) ? edges.length + 1 : bucketOf(edges, values[i]);
        }
        return new SliceKeys(codes, names);
    }

    /** A few distinct numbers (at most {@value #MAX_NUMERIC_VALUES} and missing): a linear search per row. */
    private static SliceKeys byValue(Column.Numeric numeric) {
        double[] values = numeric.values();
        double[] seen = new double[MAX_NUMERIC_VALUES + 1];
        List<String> names = new ArrayList<>();
        int[] codes = new int[values.length];
        for (int i = 0; i < codes.length; i++) {
            double v = values[i];
            int code = 0;
            while (code < names.size() && Double.compare(seen[code], v) != 0) {
                code++;
            }
            if (code == names.size()) {
                seen[code] = v;
                names.add(numeric.name() + "=" + (Double.isNaN(v) ? MISSING : numeric.asText(i)));
            }
            codes[i] = code;
        }
        return new SliceKeys(codes, names);
    }

    /**
     * Whether the column can form segments: numeric (bucketed), or text with at most
     * {@code maxValues} distinct values (more are ids or free text).
     */
    static boolean segmentable(Column column, int maxValues) {
        return column instanceof Column.Numeric
                || ((Column.Text) column).dictionary().size() <= maxValues;
    }

    /** The rows of one slice value. */
    int[] rows(int code) {
        int size = 0;
        for (int c : codes) {
            size += c == code ? 1 : 0;
        }
        int[] rows = new int[size];
        int next = 0;
        for (int r = 0; r < codes.length; r++) {
            if (codes[r] == code) {
                rows[next++] = r;
            }
        }
        return rows;
    }

    /** The pairs of two slicings, e.g. {@code Marital=single × Home=rent}. */
    SliceKeys cross(SliceKeys other) {
        int width = other.names.size();
        int[] index = new int[this.names.size() * width];
        Arrays.fill(index, -1);
        int[] codes = new int[this.codes.length];
        List<String> names = new ArrayList<>();
        for (int i = 0; i < codes.length; i++) {
            int pair = this.codes[i] * width + other.codes[i];
            if (index[pair] < 0) {
                index[pair] = names.size();
                names.add(this.names.get(this.codes[i]) + " × " + other.names.get(other.codes[i]));
            }
            codes[i] = index[pair];
        }
        return new SliceKeys(codes, names);
    }

    /** Each non-empty slice's rows, largest first (a counting sort of the rows by code). */
    Map<String, int[]> groups() {
        int[][] rows = TaskEvaluator.rowsByGroup(codes, names.size());
        Integer[] order = new Integer[names.size()];
        for (int c = 0; c < order.length; c++) {
            order[c] = c;
        }
        Arrays.sort(order, (x, y) -> Integer.compare(rows[y].length, rows[x].length));
        Map<String, int[]> groups = new LinkedHashMap<>();
        for (int c : order) {
            if (rows[c].length > 0) {
                groups.put(names.get(c), rows[c]);
            }
        }
        return groups;
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
        double[] present =
                Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        double[] edges = new double[buckets - 1];
        for (int q = 1; q < buckets; q++) {
            edges[q - 1] = present[(int) Math.floor((double) q * present.length / buckets)];
        }
        return Arrays.stream(edges).distinct().toArray();
    }

    private static int bucketOf(double[] edges, double v) {
        int b = 0;
        while (b < edges.length && v >= edges[b]) {
            b++;
        }
        return b;
    }

    private static String bucket(double[] edges, int b) {
        String lower = b == 0 ? "-inf" : format(edges[b - 1]);
        String upper = b == edges.length ? "inf" : format(edges[b]);
        return "[" + lower + ", " + upper + ")";
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format("%.4g", v);
    }
}
