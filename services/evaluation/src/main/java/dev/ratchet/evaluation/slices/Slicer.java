package dev.ratchet.evaluation.slices;

import dev.ratchet.evaluation.data.Column;
import dev.ratchet.evaluation.data.Table;
import dev.ratchet.evaluation.data.TableException;
import dev.ratchet.evaluation.scoring.Metric;
import dev.ratchet.evaluation.scoring.TaskEvaluator;
import dev.ratchet.evaluation.v1.SliceReport;
import dev.ratchet.evaluation.v1.SliceValue;
import dev.ratchet.events.v1.SliceSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Metrics per slice value with their intervals; flags for slices that are under-represented or
 * significantly worse than the rest (one-sided tests, Holm's correction over every slice value
 * reported); and discovery of the weakest feature-value segments.
 */
public final class Slicer {
    /** Text columns with more distinct values than this are ids or free text, not segments. */
    static final int MAX_SEGMENT_VALUES = 50;
    static final int DEFAULT_BUCKETS = 4;

    private final Table table;
    private final TaskEvaluator evaluator;
    private final Settings settings;
    /** Per-row losses and the tests on them; null for a task without per-row losses (ranking). */
    private final double[] losses;
    private final SliceTests tests;

    /** Thresholds: under-representation, significance level (1 − confidence level). */
    public record Settings(long minRows, double minShare, double alpha) {
    }

    public Slicer(Table table, TaskEvaluator evaluator, Settings settings) {
        this.table = table;
        this.evaluator = evaluator;
        this.settings = settings;
        double[] losses = evaluator.rowLosses();
        this.losses = losses;
        this.tests = losses == null ? null : new SliceTests(losses, evaluator.binaryLoss());
    }

    /** The rows of every value of every declared slice, by value name (e.g. {@code Marital=single}). */
    public Map<String, int[]> groups(List<SliceSpec> specs) {
        Map<String, int[]> groups = new LinkedHashMap<>();
        for (SliceSpec spec : specs) {
            groups.putAll(keys(spec).groups());
        }
        return groups;
    }

    private SliceKeys keys(SliceSpec spec) {
        if (spec.getColumnsCount() < 1 || spec.getColumnsCount() > 2) {
            throw new TableException("a slice names one column or two (a cross), not " + spec.getColumnsList());
        }
        int buckets = spec.getNumericBuckets() > 1 ? spec.getNumericBuckets() : DEFAULT_BUCKETS;
        SliceKeys keys = SliceKeys.of(table, spec.getColumns(0), buckets);
        return spec.getColumnsCount() == 2 ? keys.cross(SliceKeys.of(table, spec.getColumns(1), buckets)) : keys;
    }

    /** One report per spec; every value's p-value is adjusted over all values of all specs. */
    public List<SliceReport> slices(List<SliceSpec> specs) {
        List<String> names = new ArrayList<>();
        List<List<SliceValue.Builder>> valuesPerSpec = new ArrayList<>();
        List<SliceValue.Builder> all = new ArrayList<>();
        for (SliceSpec spec : specs) {
            // slice values are independent: computed on every core, kept in order
            List<SliceValue.Builder> values = new ArrayList<>(keys(spec).groups().entrySet()).parallelStream()
                    .map(group -> value(group.getKey(), group.getValue()))
                    .toList();
            names.add(String.join(" × ", spec.getColumnsList()));
            valuesPerSpec.add(values);
            all.addAll(values);
        }
        adjust(all);
        List<SliceReport> reports = new ArrayList<>();
        for (int s = 0; s < names.size(); s++) {
            SliceReport.Builder report = SliceReport.newBuilder().setName(names.get(s));
            valuesPerSpec.get(s).forEach(report::addValues);
            reports.add(report.build());
        }
        return reports;
    }

    private SliceValue.Builder value(String name, int[] rows) {
        SliceValue.Builder value = SliceValue.newBuilder()
                .setName(name)
                .setSupport(rows.length)
                .setShare((double) rows.length / table.rows())
                .setUnderRepresented(rows.length < settings.minRows()
                        || (double) rows.length / table.rows() < settings.minShare());
        for (Metric metric : evaluator.metrics(rows)) {
            value.addMetrics(metric.toProto());
        }
        value.setPValue(tests == null ? 1 : tests.worseThanRest(rows));
        return value;
    }

    private void adjust(List<SliceValue.Builder> values) {
        double[] p = values.stream().mapToDouble(SliceValue.Builder::getPValue).toArray();
        double[] adjusted = SliceTests.holm(p);
        for (int i = 0; i < adjusted.length; i++) {
            values.get(i).setAdjustedPValue(adjusted[i]).setSignificantlyWorse(adjusted[i] < settings.alpha());
        }
    }

    /**
     * The {@code count} segments — one column's value, or a pair of two columns' values — with at
     * least the minimum rows and the worst mean loss, among the columns not excluded (label,
     * predictions, ids). Holm's correction counts every segment that was considered.
     */
    public List<SliceValue> weakSegments(Set<String> excluded, int count) {
        if (losses == null || count <= 0) {
            return List.of();
        }
        List<SliceKeys> columns = featureColumns(excluded);
        List<Candidate> candidates = new ArrayList<>();
        for (int a = 0; a < columns.size(); a++) {
            collect(columns.get(a).groups(), candidates);
            for (int b = a + 1; b < columns.size(); b++) {
                collect(columns.get(a).cross(columns.get(b)).groups(), candidates);
            }
        }
        candidates.sort(Comparator.comparingDouble(Candidate::meanLoss).reversed());
        double[] p = new double[candidates.size()];
        for (int i = 0; i < candidates.size(); i++) {
            p[i] = tests.worseThanRest(candidates.get(i).rows());
        }
        double[] adjusted = SliceTests.holm(p);
        List<SliceValue> weakest = new ArrayList<>();
        for (int i = 0; i < Math.min(count, candidates.size()); i++) {
            weakest.add(value(candidates.get(i).name(), candidates.get(i).rows())
                    .setAdjustedPValue(adjusted[i])
                    .setSignificantlyWorse(adjusted[i] < settings.alpha())
                    .build());
        }
        return weakest;
    }

    /** Every value (or quantile bucket) of every feature column: the segments error analysis looks at. */
    public Map<String, int[]> featureValues(Set<String> excluded) {
        Map<String, int[]> values = new LinkedHashMap<>();
        featureColumns(excluded).forEach(keys -> values.putAll(keys.groups()));
        return values;
    }

    /** Columns that can form segments: not excluded, and not ids or free text (too many distinct values). */
    private List<SliceKeys> featureColumns(Set<String> excluded) {
        List<SliceKeys> columns = new ArrayList<>();
        for (String name : table.columnNames()) {
            if (!excluded.contains(name) && segmentable(table.column(name))) {
                columns.add(SliceKeys.of(table, name, DEFAULT_BUCKETS));
            }
        }
        return columns;
    }

    private void collect(Map<String, int[]> groups, List<Candidate> candidates) {
        for (Map.Entry<String, int[]> group : groups.entrySet()) {
            int[] rows = group.getValue();
            if (rows.length >= settings.minRows() && rows.length < table.rows()) {
                double sum = 0;
                for (int r : rows) {
                    sum += losses[r];
                }
                candidates.add(new Candidate(group.getKey(), rows, sum / rows.length));
            }
        }
    }

    private static boolean segmentable(Column column) {
        if (column instanceof Column.Numeric) {
            return true;
        }
        Set<String> distinct = new HashSet<>();
        for (String v : ((Column.Text) column).values()) {
            if (distinct.add(v == null ? "" : v) && distinct.size() > MAX_SEGMENT_VALUES) {
                return false;
            }
        }
        return true;
    }

    private record Candidate(String name, int[] rows, double meanLoss) {
    }
}
