package dev.ratchet.evaluation.profile;

import dev.ratchet.evaluation.data.Column;
import dev.ratchet.evaluation.data.Table;
import dev.ratchet.events.v1.ColumnProfile;
import dev.ratchet.events.v1.ColumnShift;
import dev.ratchet.events.v1.DataProfile;
import dev.ratchet.events.v1.PartProfile;
import dev.ratchet.events.v1.SampleRow;
import dev.ratchet.events.v1.ValueCount;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * A {@link DataProfile} of files already read: each part's columns, the shifts of the later parts
 * from the first (the reference: train) — the label's too, a prior shift matters as much — and the
 * warnings a user needs before training.
 */
final class Profiler {
    /** A file read, with its role and digest. */
    record Part(String role, String uri, String digest, Table table) {}

    /** What shapes a profile besides the data. */
    record Options(String label, List<String> idColumns, long minSliceRows, int samplesPerLabel) {}

    private final List<Part> parts;
    private final Options options;
    private final Set<String> notFeatures = new HashSet<>();
    private final List<String> warnings = new ArrayList<>();

    private Profiler(List<Part> parts, Options options) {
        this.parts = parts;
        this.options = options;
        notFeatures.addAll(options.idColumns());
        if (!options.label().isEmpty()) {
            notFeatures.add(options.label());
        }
    }

    static DataProfile profile(String key, List<Part> parts, Options options) {
        return new Profiler(parts, options).profile(key);
    }

    private DataProfile profile(String key) {
        Part reference = parts.get(0);
        for (Part part : parts) {
            for (String column : notFeatures) {
                part.table().column(column); // an error naming the part's columns
            }
        }
        List<String> columns = columns();
        DataProfile.Builder profile = DataProfile.newBuilder()
                .setKey(key)
                .setLabelColumn(options.label())
                .setMinSliceRows(options.minSliceRows());
        for (Part part : parts) {
            profile.addParts(part(part, reference, columns));
        }
        List<ColumnShift> shifts = new ArrayList<>();
        for (Part part : parts.subList(1, parts.size())) {
            for (String column : columns) {
                if (!options.idColumns().contains(column)
                        && reference.table().has(column)
                        && part.table().has(column)) {
                    ColumnShifts.between(
                                    reference.table().column(column),
                                    reference.role(),
                                    part.table().column(column),
                                    part.role())
                            .ifPresent(shifts::add);
                }
            }
        }
        shifts.sort(Comparator.comparingDouble(ColumnShift::getPsi).reversed());
        shifts.stream()
                .filter(ColumnShift::getFlagged)
                .forEach(s -> warnings.add(s.getRole() + ": '" + s.getColumn()
                        + "' is distributed differently from " + s.getReferenceRole() + " (PSI "
                        + String.format("%.2f", s.getPsi()) + ")"));
        labelCoverage();
        for (String id : options.idColumns()) {
            ReusedIds.check(parts.stream().map(Part::table).toList(), id, notFeatures)
                    .ifPresent(warnings::add);
        }
        return profile.addAllShifts(shifts).addAllWarnings(warnings).build();
    }

    /** Every part's columns, the reference's order first; a part missing some is a warning. */
    private List<String> columns() {
        Set<String> columns = new LinkedHashSet<>();
        parts.forEach(p -> columns.addAll(p.table().columnNames()));
        for (Part part : parts) {
            List<String> missing =
                    columns.stream().filter(c -> !part.table().has(c)).toList();
            if (!missing.isEmpty()) {
                warnings.add(part.role() + " lacks columns the other parts have: " + missing);
            }
        }
        return new ArrayList<>(columns);
    }

    private PartProfile part(Part part, Part reference, List<String> columns) {
        Table table = part.table();
        PartProfile.Builder profile = PartProfile.newBuilder()
                .setRole(part.role())
                .setUri(part.uri())
                .setDigest(part.digest())
                .setRows(table.rows());
        boolean warn =
                !(part.role().equals("train") && parts.size() > 1); // train's small slices are the test's concern
        for (String name : columns) {
            if (!table.has(name)) {
                continue;
            }
            ColumnProfile column = ColumnProfiles.of(table.column(name), histogramEdges(name));
            if (column.getType().equals("text")
                    && !notFeatures.contains(name)
                    && reference.table().has(name)
                    && reference.table().column(name) instanceof Column.Text) {
                Map<String, Long> referenceCounts = part == reference
                        ? Map.of()
                        : ColumnProfiles.counts(reference.table().column(name));
                List<String> tooSmall = new ArrayList<>();
                column = markTooSmall(column, referenceCounts, reference.role(), tooSmall);
                if (warn && !tooSmall.isEmpty()) {
                    warnings.add(part.role() + ": too few rows to measure a model on (fewer than "
                            + options.minSliceRows() + ") for " + String.join(", ", tooSmall));
                }
            }
            profile.addColumns(column);
        }
        if (!options.label().isEmpty()) {
            ColumnProfiles.counts(table.column(options.label()))
                    .forEach((value, count) -> profile.addLabels(ValueCount.newBuilder()
                            .setValue(value)
                            .setCount(count)
                            .setShare((double) count / table.rows())));
        }
        samples(table).forEach(profile::addSamples);
        return profile.build();
    }

    /**
     * Marks the values with fewer than the minimum rows, adding those the reference has and this
     * part lacks (0 rows); their names go to {@code tooSmall} for the warning.
     */
    private ColumnProfile markTooSmall(
            ColumnProfile column, Map<String, Long> referenceCounts, String referenceRole, List<String> tooSmall) {
        if (column.getDistinct() > ColumnProfiles.MAX_TOP_VALUES) {
            return column; // not a slice column: ids, free text
        }
        ColumnProfile.Builder marked = column.toBuilder().clearTopValues();
        Set<String> present = new HashSet<>();
        for (ValueCount value : column.getTopValuesList()) {
            present.add(value.getValue());
            boolean small = value.getCount() < options.minSliceRows();
            marked.addTopValues(value.toBuilder().setTooSmall(small));
            if (small) {
                tooSmall.add(
                        slice(column.getName(), value.getValue(), value.getCount(), referenceCounts, referenceRole));
            }
        }
        referenceCounts.keySet().stream().filter(v -> !present.contains(v)).forEach(value -> {
            marked.addTopValues(ValueCount.newBuilder().setValue(value).setTooSmall(true));
            tooSmall.add(slice(column.getName(), value, 0, referenceCounts, referenceRole));
        });
        return marked.build();
    }

    /** e.g. {@code ForeignWorker=no (6 rows; 26 in train)}; no reference counts for the reference itself. */
    private static String slice(
            String column, String value, long count, Map<String, Long> referenceCounts, String referenceRole) {
        return column + "=" + value + " (" + count + " rows"
                + (referenceCounts.isEmpty()
                        ? ""
                        : "; " + referenceCounts.getOrDefault(value, 0L) + " in " + referenceRole)
                + ")";
    }

    /** Shared histogram edges for a number column: the range over every part that holds it as numbers. */
    private double[] histogramEdges(String column) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Part part : parts) {
            if (part.table().has(column) && part.table().column(column) instanceof Column.Numeric numeric) {
                for (double value : numeric.values()) {
                    if (!Double.isNaN(value)) {
                        min = Math.min(min, value);
                        max = Math.max(max, value);
                    }
                }
            }
        }
        return min > max ? new double[0] : ColumnProfiles.edges(min, max);
    }

    /** A label value the reference has and a later part lacks (or the reverse) is a warning. */
    private void labelCoverage() {
        if (options.label().isEmpty() || parts.size() < 2) {
            return;
        }
        Set<String> all = new LinkedHashSet<>();
        List<Map<String, Long>> counts = parts.stream()
                .map(p -> ColumnProfiles.counts(p.table().column(options.label())))
                .toList();
        counts.forEach(c -> all.addAll(c.keySet()));
        for (String label : all) {
            List<String> lacking = new ArrayList<>();
            for (int i = 0; i < parts.size(); i++) {
                if (!counts.get(i).containsKey(label)) {
                    lacking.add(parts.get(i).role());
                }
            }
            if (!lacking.isEmpty()) {
                warnings.add(
                        "label " + options.label() + "=" + label + " has no rows in " + String.join(", ", lacking));
            }
        }
    }

    /** Up to samplesPerLabel rows of each label value, evenly spaced through the part. */
    private List<SampleRow> samples(Table table) {
        List<SampleRow> samples = new ArrayList<>();
        String[] labels = options.label().isEmpty() ? new String[table.rows()] : table.texts(options.label());
        Set<String> seen = new LinkedHashSet<>();
        for (String label : labels) {
            seen.add(label == null ? "" : label);
        }
        for (String label : seen) {
            int[] rows = IntStream.range(0, table.rows())
                    .filter(r -> label.equals(labels[r] == null ? "" : labels[r]))
                    .toArray();
            int shown = Math.min(options.samplesPerLabel(), rows.length);
            for (int i = 0; i < shown; i++) {
                int row = rows[(int) ((long) i * rows.length / shown)];
                SampleRow.Builder sample =
                        SampleRow.newBuilder().setLabel(label).setRow(row + 1L);
                table.columnNames()
                        .forEach(c -> sample.putValues(c, table.column(c).asText(row)));
                samples.add(sample.build());
            }
        }
        return samples;
    }
}
