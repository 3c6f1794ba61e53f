package dev.ratchet.evaluation.profile;

import dev.ratchet.evaluation.data.Column;
import dev.ratchet.events.v1.ColumnShift;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.hipparchus.stat.descriptive.rank.Percentile;

/**
 * How far a column's distribution in one part is from the reference part's. Numbers are binned by
 * the reference's deciles, text by its values; missing values are a bin of their own.
 */
final class ColumnShifts {
    /** PSI from 0.1 is commonly read as a moderate shift, from 0.25 as a major one; 0.2 asks for a look. */
    static final double FLAGGED_PSI = 0.2;
    /** Text with more values than this (ids, free text) has no distribution worth comparing. */
    static final int MAX_TEXT_BINS = 50;

    private ColumnShifts() {}

    static Optional<ColumnShift> between(Column reference, String referenceRole, Column compared, String role) {
        Optional<long[][]> bins = reference instanceof Column.Numeric a && compared instanceof Column.Numeric b
                ? numberBins(a, b)
                : textBins(reference, compared);
        return bins.map(counts -> {
            double psi = Distances.psi(counts[0], counts[1]);
            return ColumnShift.newBuilder()
                    .setColumn(reference.name())
                    .setRole(role)
                    .setReferenceRole(referenceRole)
                    .setPsi(psi)
                    .setJensenShannon(Distances.jensenShannon(counts[0], counts[1]))
                    .setFlagged(psi >= FLAGGED_PSI)
                    .build();
        });
    }

    /** Bins (−∞, d1], (d1, d2], …, (d9, ∞) over the reference's distinct deciles, then missing. */
    static Optional<long[][]> numberBins(Column.Numeric reference, Column.Numeric compared) {
        double[] present = ColumnProfiles.present(reference);
        if (present.length == 0) {
            return Optional.empty();
        }
        Percentile percentile = new Percentile().withEstimationType(Percentile.EstimationType.R_7);
        percentile.setData(present);
        double[] edges = IntStream.rangeClosed(1, 9)
                .mapToDouble(d -> percentile.evaluate(d * 10.0))
                .distinct()
                .toArray();
        return Optional.of(new long[][] {numberCounts(reference, edges), numberCounts(compared, edges)});
    }

    private static long[] numberCounts(Column.Numeric column, double[] edges) {
        long[] counts = new long[edges.length + 2];
        for (double value : column.values()) {
            if (Double.isNaN(value)) {
                counts[edges.length + 1]++;
            } else {
                int at = Arrays.binarySearch(edges, value);
                counts[at >= 0 ? at : -at - 1]++; // the first edge ≥ value closes its bin
            }
        }
        return counts;
    }

    /** A bin per value of either part (as written), then missing; none with too many values. */
    static Optional<long[][]> textBins(Column reference, Column compared) {
        Map<String, Long> a = ColumnProfiles.counts(reference);
        Map<String, Long> b = ColumnProfiles.counts(compared);
        Set<String> values = new LinkedHashSet<>(a.keySet());
        values.addAll(b.keySet());
        if (values.size() > MAX_TEXT_BINS) {
            return Optional.empty();
        }
        List<String> order = new ArrayList<>(values);
        long[][] counts = new long[2][order.size() + 1];
        for (int i = 0; i < order.size(); i++) {
            counts[0][i] = a.getOrDefault(order.get(i), 0L);
            counts[1][i] = b.getOrDefault(order.get(i), 0L);
        }
        counts[0][order.size()] = ColumnProfiles.missing(reference);
        counts[1][order.size()] = ColumnProfiles.missing(compared);
        return Optional.of(counts);
    }
}
