package dev.ratchet.evaluation.profile;

import dev.ratchet.evaluation.data.Column;
import dev.ratchet.events.v1.ColumnProfile;
import dev.ratchet.events.v1.HistogramBin;
import dev.ratchet.events.v1.Quantile;
import dev.ratchet.events.v1.ValueCount;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hipparchus.stat.descriptive.moment.Mean;
import org.hipparchus.stat.descriptive.moment.StandardDeviation;
import org.hipparchus.stat.descriptive.rank.Percentile;

/** One column of one part: type, missing values, distinct values, top values, summary, histogram. */
final class ColumnProfiles {
    static final double[] PROBABILITIES = {0, 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99, 1};
    static final int HISTOGRAM_BINS = 20;
    /** Number columns with at most this many distinct values also get their values counted. */
    static final int MAX_COUNTED_NUMBERS = 20;

    static final int MAX_TOP_VALUES = 50;

    private ColumnProfiles() {}

    /** The values present, sorted; NaN (missing) left out. */
    static double[] present(Column.Numeric column) {
        return Arrays.stream(column.values())
                .filter(v -> !Double.isNaN(v))
                .sorted()
                .toArray();
    }

    static long missing(Column column) {
        long missing = 0;
        for (int row = 0; row < column.size(); row++) {
            if (column.isMissing(row)) {
                missing++;
            }
        }
        return missing;
    }

    /** Every value present with its count, most frequent first (ties in order of appearance). */
    static Map<String, Long> counts(Column column) {
        Map<String, Long> counts = new LinkedHashMap<>();
        if (column instanceof Column.Text text) {
            long[] byCode = new long[text.dictionary().size()];
            for (int row = 0; row < text.size(); row++) {
                byCode[text.code(row)]++;
            }
            for (int code = 0; code < byCode.length; code++) {
                if (text.dictionary().get(code) != null) {
                    counts.put(text.dictionary().get(code), byCode[code]);
                }
            }
        } else {
            for (int row = 0; row < column.size(); row++) {
                if (!column.isMissing(row)) {
                    counts.merge(column.asText(row), 1L, Long::sum);
                }
            }
        }
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(counts.entrySet());
        sorted.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()));
        Map<String, Long> ordered = new LinkedHashMap<>();
        sorted.forEach(e -> ordered.put(e.getKey(), e.getValue()));
        return ordered;
    }

    /**
     * The profile of {@code column}; number columns get a histogram over {@code edges} (shared by
     * every part) and their values counted when there are few.
     */
    static ColumnProfile of(Column column, double[] edges) {
        int rows = column.size();
        long missing = missing(column);
        ColumnProfile.Builder profile = ColumnProfile.newBuilder()
                .setName(column.name())
                .setMissing(missing)
                .setMissingRate(rows == 0 ? 0 : (double) missing / rows);
        if (column instanceof Column.Numeric numeric) {
            double[] values = present(numeric);
            long distinct = distinct(values);
            profile.setType("number").setDistinct(distinct);
            if (distinct <= MAX_COUNTED_NUMBERS) {
                topValues(profile, counts(column), rows);
            }
            if (values.length > 0) {
                summary(profile, values, edges);
            }
        } else {
            Map<String, Long> counts = counts(column);
            profile.setType("text").setDistinct(counts.size());
            topValues(profile, counts, rows);
        }
        return profile.build();
    }

    private static long distinct(double[] sorted) {
        long distinct = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (i == 0 || sorted[i] != sorted[i - 1]) {
                distinct++;
            }
        }
        return distinct;
    }

    private static void topValues(ColumnProfile.Builder profile, Map<String, Long> counts, int rows) {
        counts.entrySet().stream()
                .limit(MAX_TOP_VALUES)
                .forEach(e -> profile.addTopValues(ValueCount.newBuilder()
                        .setValue(e.getKey())
                        .setCount(e.getValue())
                        .setShare((double) e.getValue() / rows)));
    }

    private static void summary(ColumnProfile.Builder profile, double[] sorted, double[] edges) {
        profile.setMin(sorted[0])
                .setMax(sorted[sorted.length - 1])
                .setMean(new Mean().evaluate(sorted))
                .setStdDev(sorted.length > 1 ? new StandardDeviation().evaluate(sorted) : 0);
        Percentile percentile = new Percentile().withEstimationType(Percentile.EstimationType.R_7);
        percentile.setData(sorted);
        for (double p : PROBABILITIES) {
            double value = p == 0 ? sorted[0] : percentile.evaluate(p * 100);
            profile.addQuantiles(Quantile.newBuilder().setProbability(p).setValue(value));
        }
        long[] counts = histogram(sorted, edges);
        for (int bin = 0; bin < counts.length; bin++) {
            profile.addHistogram(HistogramBin.newBuilder()
                    .setLower(edges[bin])
                    .setUpper(edges[bin + 1])
                    .setCount(counts[bin]));
        }
    }

    /**
     * {@value #HISTOGRAM_BINS} equal-width bins from {@code min} to {@code max}, as numpy's
     * histogram makes them (a single value gets the range value ± 0.5).
     */
    static double[] edges(double min, double max) {
        if (min == max) {
            min -= 0.5;
            max += 0.5;
        }
        double step = (max - min) / HISTOGRAM_BINS; // as numpy's linspace, so values on an edge fall alike
        double[] edges = new double[HISTOGRAM_BINS + 1];
        for (int i = 0; i <= HISTOGRAM_BINS; i++) {
            edges[i] = i * step + min;
        }
        edges[HISTOGRAM_BINS] = max;
        return edges;
    }

    /** Counts per bin [edges[i], edges[i+1]), the last bin closed; values outside the edges are not counted. */
    static long[] histogram(double[] values, double[] edges) {
        int bins = edges.length - 1;
        long[] counts = new long[bins];
        for (double value : values) {
            if (value < edges[0] || value > edges[bins]) {
                continue;
            }
            int bin = Arrays.binarySearch(edges, value);
            bin = bin >= 0 ? Math.min(bin, bins - 1) : -bin - 2;
            counts[bin]++;
        }
        return counts;
    }
}
