package dev.ratchet.evaluation.slices;

import dev.ratchet.evaluation.data.Table;
import dev.ratchet.evaluation.data.TableException;
import dev.ratchet.evaluation.scoring.Metric;
import dev.ratchet.evaluation.scoring.TaskEvaluator;
import dev.ratchet.evaluation.v1.SliceReport;
import dev.ratchet.evaluation.v1.SliceValue;
import dev.ratchet.events.v1.SliceSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntToDoubleFunction;
import java.util.stream.IntStream;

/**
 * Metrics per slice value with their intervals; flags for slices that are under-represented or
 * significantly worse than the rest (one-sided tests, Holm's correction over every slice value
 * reported); and discovery of the weakest feature-value segments. Slice values are counted and
 * summed from each row's code in one pass; rows are listed only where metrics need them.
 */
public final class Slicer {
    /** Text columns with more distinct values than this are ids or free text, not segments. */
    static final int MAX_SEGMENT_VALUES = 50;

    static final int DEFAULT_BUCKETS = 4;

    private final Table table;
    private final TaskEvaluator evaluator;
    private final Settings settings;
    /** Tests on the per-row losses; null for a task without per-row losses (ranking). */
    private final SliceTests tests;

    /** Thresholds: under-representation, significance level (1 − confidence level). */
    /**
     * @param maxValues the most values one slice may have: each value is a row of the report with
     *                  every metric and its interval, and an id-like column would make it huge
     */
    public record Settings(long minRows, double minShare, double alpha, int maxValues) {}

    /** A segment's name and size, and the sum of a per-row loss over it. */
    public record SegmentLoss(String name, long rows, double lossSum) {}

    public Slicer(Table table, TaskEvaluator evaluator, Settings settings) {
        this.table = table;
        this.evaluator = evaluator;
        this.settings = settings;
        this.tests = evaluator.hasRowLosses()
                ? new SliceTests(evaluator::rowLoss, table.rows(), evaluator.binaryLoss())
                : null;
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
        if (spec.getColumnsCount() == 2) {
            keys = keys.cross(SliceKeys.of(table, spec.getColumns(1), buckets));
        }
        if (keys.names().size() > settings.maxValues()) {
            throw new TableException("slice " + String.join(" × ", spec.getColumnsList()) + " has "
                    + keys.names().size() + " values; a slice has at most " + settings.maxValues()
                    + " (ratchet.evaluation.max-slice-values): slice by a coarser column, or bucket a numeric one"
                    + " (numeric_buckets)");
        }
        return keys;
    }

    /** One report per spec, values largest first; every value's p-value is adjusted over all values of all specs. */
    public List<SliceReport> slices(List<SliceSpec> specs) {
        List<String> names = new ArrayList<>();
        List<List<SliceValue.Builder>> valuesPerSpec = new ArrayList<>();
        List<SliceValue.Builder> all = new ArrayList<>();
        for (SliceSpec spec : specs) {
            SliceKeys keys = keys(spec);
            List<List<Metric>> metrics =
                    evaluator.metricsByGroup(keys.codes(), keys.names().size());
            Totals totals = totals(keys, tests == null ? null : evaluator::rowLoss);
            List<SliceValue.Builder> values = new ArrayList<>();
            for (int code : totals.largestFirst()) {
                values.add(value(
                        keys.names().get(code),
                        totals.sizes()[code],
                        metrics.get(code),
                        tests == null
                                ? 1
                                : tests.worseThanRest(
                                        totals.sums()[code], totals.squares()[code], totals.sizes()[code])));
            }
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

    private SliceValue.Builder value(String name, long support, List<Metric> metrics, double pValue) {
        SliceValue.Builder value = SliceValue.newBuilder()
                .setName(name)
                .setSupport(support)
                .setShare((double) support / table.rows())
                .setUnderRepresented(
                        support < settings.minRows() || (double) support / table.rows() < settings.minShare())
                .setPValue(pValue);
        metrics.forEach(metric -> value.addMetrics(metric.toProto()));
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
     * predictions, ids). Holm's correction counts every segment that was considered. Only the
     * weakest segments' rows are listed, for their metrics.
     */
    public List<SliceValue> weakSegments(Set<String> excluded, int count) {
        if (tests == null || count <= 0) {
            return List.of();
        }
        List<String> columns = featureColumns(excluded);
        // a pair's slicing costs a pass over the rows: made once for the candidates, once again only
        // for the pairs the weakest segments come from
        Map<List<Integer>, SliceKeys> pairKeys = new HashMap<>();
        List<Candidate> candidates = new ArrayList<>();
        for (int a = 0; a < columns.size(); a++) {
            for (int b = a; b < columns.size(); b++) {
                SliceKeys keys = segmentKeys(columns, a, b);
                Totals totals = totals(keys, evaluator::rowLoss);
                for (int code : totals.largestFirst()) {
                    long size = totals.sizes()[code];
                    if (size >= settings.minRows() && size < table.rows()) {
                        candidates.add(new Candidate(
                                keys.names().get(code),
                                a,
                                b,
                                code,
                                size,
                                totals.sums()[code] / size,
                                tests.worseThanRest(totals.sums()[code], totals.squares()[code], size)));
                    }
                }
            }
        }
        candidates.sort(Comparator.comparingDouble(Candidate::meanLoss).reversed());
        double[] adjusted = SliceTests.holm(
                candidates.stream().mapToDouble(Candidate::pValue).toArray());
        List<SliceValue> segments = new ArrayList<>();
        for (int i = 0; i < Math.min(count, candidates.size()); i++) {
            Candidate candidate = candidates.get(i);
            int[] rows = pairKeys.computeIfAbsent(
                            List.of(candidate.columnA(), candidate.columnB()),
                            pair -> segmentKeys(columns, pair.get(0), pair.get(1)))
                    .rows(candidate.code());
            segments.add(value(candidate.name(), rows.length, evaluator.metrics(rows), candidate.pValue())
                    .setAdjustedPValue(adjusted[i])
                    .setSignificantlyWorse(adjusted[i] < settings.alpha())
                    .build());
        }
        return segments;
    }

    /** Column a's values when b == a, else the pairs of columns a and b. */
    private SliceKeys segmentKeys(List<String> columns, int a, int b) {
        SliceKeys keys = SliceKeys.of(table, columns.get(a), DEFAULT_BUCKETS);
        return a == b ? keys : keys.cross(SliceKeys.of(table, columns.get(b), DEFAULT_BUCKETS));
    }

    /**
     * Every value (or quantile bucket) of every feature column with its size and the sum of
     * {@code losses} over it: the segments error analysis ranks.
     */
    public List<SegmentLoss> featureValueLosses(Set<String> excluded, double[] losses) {
        List<SegmentLoss> segments = new ArrayList<>();
        for (String column : featureColumns(excluded)) {
            SliceKeys keys = SliceKeys.of(table, column, DEFAULT_BUCKETS);
            Totals totals = totals(keys, r -> losses[r]);
            for (int code : totals.largestFirst()) {
                segments.add(new SegmentLoss(keys.names().get(code), totals.sizes()[code], totals.sums()[code]));
            }
        }
        return segments;
    }

    /** Columns that can form segments: not excluded, and not ids or free text (too many distinct values). */
    private List<String> featureColumns(Set<String> excluded) {
        return table.columnNames().stream()
                .filter(name ->
                        !excluded.contains(name) && SliceKeys.segmentable(table.column(name), MAX_SEGMENT_VALUES))
                .toList();
    }

    /** Per value of a slicing: its size, and the sums of a per-row loss (when given) and of its square. */
    private record Totals(long[] sizes, double[] sums, double[] squares) {
        /** The non-empty values, largest first (ties: in order of first appearance). */
        int[] largestFirst() {
            return IntStream.range(0, sizes.length)
                    .boxed()
                    .filter(c -> sizes[c] > 0)
                    .sorted(Comparator.comparingLong((Integer c) -> sizes[c]).reversed())
                    .mapToInt(Integer::intValue)
                    .toArray();
        }
    }

    private static Totals totals(SliceKeys keys, IntToDoubleFunction loss) {
        int values = keys.names().size();
        long[] sizes = new long[values];
        double[] sums = new double[values];
        double[] squares = new double[values];
        int[] codes = keys.codes();
        for (int r = 0; r < codes.length; r++) {
            int c = codes[r];
            sizes[c]++;
            if (loss != null) {
                double l = loss.applyAsDouble(r);
                sums[c] += l;
                squares[c] += l * l;
            }
        }
        return new Totals(sizes, sums, squares);
    }

    /** A segment considered by {@link #weakSegments}: which columns and value, its size, mean loss and p-value. */
    private record Candidate(
            String name, int columnA, int columnB, int code, long size, double meanLoss, double pValue) {}
}
