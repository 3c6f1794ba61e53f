package dev.ratchet.evaluation.hygiene;

import dev.ratchet.evaluation.data.Column;
import dev.ratchet.evaluation.data.Table;
import dev.ratchet.evaluation.v1.CheckStatus;
import dev.ratchet.evaluation.v1.HygieneCheck;
import dev.ratchet.events.v1.HygieneOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Test-set hygiene: is the test set clean, and independent of the training set? Each check passes,
 * warns or fails, with the offending test rows (1-based data rows).
 */
public final class HygieneChecks {
    static final int MAX_ROWS_LISTED = 100;
    static final double DEFAULT_LEAKAGE_THRESHOLD = 0.95;
    /** A label share that differs between train and test by more than this warns. */
    static final double MAX_SHARE_DIFFERENCE = 0.05;
    /** Labels with more distinct numeric values than this are regression targets. */
    static final int MAX_CLASSES = 50;

    private static final int LEAKAGE_BUCKETS = 10;

    private final Table test;
    private final Table train;
    private final HygieneOptions options;
    private final String label;
    private final Set<String> modelOutputs;

    /**
     * @param train the training set, or null: then only the test set's own checks run
     * @param modelOutputs prediction and score columns, which are not data
     */
    public HygieneChecks(Table test, Table train, HygieneOptions options, String label, Set<String> modelOutputs) {
        this.test = test;
        this.train = train;
        this.options = options;
        this.label = label;
        this.modelOutputs = modelOutputs;
    }

    public List<HygieneCheck> run(List<String> sliceColumns, long minSliceRows) {
        List<HygieneCheck> checks = new ArrayList<>();
        checks.add(duplicatesWithinTest());
        if (train == null) {
            return checks;
        }
        checks.add(trainTestDuplicates());
        for (String group : options.getGroupColumnsList()) {
            checks.add(groupLeakage(group));
        }
        if (!options.getTimeColumn().isEmpty()) {
            checks.add(temporalLeakage(options.getTimeColumn()));
        }
        if (label.isEmpty()) { // a split of unlabelled data: the label checks do not apply
            return checks;
        }
        boolean classification = isClassification();
        if (classification) {
            checks.add(newLabels());
            checks.add(classBalance());
        }
        checks.add(labelLeakage(classification));
        for (String column : sliceColumns) {
            checks.add(sliceRepresentation(column, minSliceRows));
        }
        return checks;
    }

    /** Data columns compared for duplicates: shared by both sets, minus ids and model outputs. */
    private List<String> dataColumns() {
        List<String> columns = new ArrayList<>();
        for (String name : test.columnNames()) {
            if (!options.getIdColumnsList().contains(name)
                    && !modelOutputs.contains(name)
                    && (train == null || train.has(name))) {
                columns.add(name);
            }
        }
        return columns;
    }

    HygieneCheck duplicatesWithinTest() {
        long[] hashes = RowHasher.hashes(test, dataColumns());
        Set<Long> seen = new HashSet<>();
        List<Integer> repeats = new ArrayList<>();
        for (int i = 0; i < hashes.length; i++) {
            if (!seen.add(hashes[i])) {
                repeats.add(i);
            }
        }
        return check(
                "duplicates_within_test",
                repeats.isEmpty() ? CheckStatus.CHECK_STATUS_PASS : CheckStatus.CHECK_STATUS_WARN,
                repeats.size() + " test rows repeat an earlier test row over "
                        + dataColumns().size() + " columns (ids ignored); they weigh twice in every metric",
                repeats);
    }

    HygieneCheck trainTestDuplicates() {
        List<String> columns = dataColumns();
        Set<Long> trainRows = new HashSet<>();
        for (long h : RowHasher.hashes(train, columns)) {
            trainRows.add(h);
        }
        long[] hashes = RowHasher.hashes(test, columns);
        List<Integer> leaked = new ArrayList<>();
        for (int i = 0; i < hashes.length; i++) {
            if (trainRows.contains(hashes[i])) {
                leaked.add(i);
            }
        }
        return check(
                "train_test_duplicates",
                leaked.isEmpty() ? CheckStatus.CHECK_STATUS_PASS : CheckStatus.CHECK_STATUS_FAIL,
                leaked.size() + " test rows also occur in the training set (over " + columns.size()
                        + " columns, ids ignored): the model has seen them",
                leaked);
    }

    HygieneCheck groupLeakage(String column) {
        Set<String> trainGroups = new HashSet<>(Arrays.asList(train.texts(column)));
        String[] groups = test.texts(column);
        List<Integer> leaked = new ArrayList<>();
        Set<String> shared = new LinkedHashSet<>();
        for (int i = 0; i < groups.length; i++) {
            if (groups[i] != null && trainGroups.contains(groups[i])) {
                leaked.add(i);
                shared.add(groups[i]);
            }
        }
        return check(
                "group_leakage:" + column,
                leaked.isEmpty() ? CheckStatus.CHECK_STATUS_PASS : CheckStatus.CHECK_STATUS_FAIL,
                shared.size() + " " + column + " values occur in both sets ("
                        + leaked.size() + " test rows), e.g. "
                        + shared.stream().limit(5).toList()
                        + "; split by " + column + " so every entity is in one set",
                leaked);
    }

    HygieneCheck temporalLeakage(String column) {
        boolean numeric =
                test.column(column) instanceof Column.Numeric && train.column(column) instanceof Column.Numeric;
        List<Integer> earlier = new ArrayList<>();
        List<Integer> equal = new ArrayList<>();
        String end;
        if (numeric) {
            double last = Arrays.stream(train.numbers(column))
                    .filter(v -> !Double.isNaN(v))
                    .max()
                    .orElse(Double.NaN);
            double[] times = test.numbers(column);
            for (int i = 0; i < times.length; i++) {
                if (times[i] < last) {
                    earlier.add(i);
                } else if (times[i] == last) {
                    equal.add(i);
                }
            }
            end = new Column.Numeric(column, new double[] {last}).asText(0);
        } else {
            // ISO-8601 dates and timestamps order as text
            String last = Arrays.stream(train.texts(column))
                    .filter(v -> v != null)
                    .max(String::compareTo)
                    .orElse("");
            String[] times = test.texts(column);
            for (int i = 0; i < times.length; i++) {
                if (times[i] != null && times[i].compareTo(last) < 0) {
                    earlier.add(i);
                } else if (last.equals(times[i])) {
                    equal.add(i);
                }
            }
            end = last;
        }
        if (!earlier.isEmpty()) {
            return check(
                    "temporal_leakage:" + column,
                    CheckStatus.CHECK_STATUS_FAIL,
                    earlier.size()
                            + " test rows are earlier than the end of training (" + column + " " + end
                            + "): the model was trained on the future of these rows; split by time",
                    earlier);
        }
        if (!equal.isEmpty()) {
            return check(
                    "temporal_leakage:" + column,
                    CheckStatus.CHECK_STATUS_WARN,
                    equal.size() + " test rows share the last training time (" + column + " " + end + ")",
                    equal);
        }
        return check(
                "temporal_leakage:" + column,
                CheckStatus.CHECK_STATUS_PASS,
                "every test row is later than the end of training (" + column + " " + end + ")",
                List.of());
    }

    private boolean isClassification() {
        return !(test.column(label) instanceof Column.Numeric numeric)
                || Arrays.stream(numeric.values()).distinct().count() <= MAX_CLASSES;
    }

    HygieneCheck newLabels() {
        Set<String> known = new HashSet<>(Arrays.asList(train.texts(label)));
        String[] labels = test.texts(label);
        List<Integer> rows = new ArrayList<>();
        Set<String> unseen = new LinkedHashSet<>();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != null && !known.contains(labels[i])) {
                rows.add(i);
                unseen.add(labels[i]);
            }
        }
        return check(
                "new_labels",
                rows.isEmpty() ? CheckStatus.CHECK_STATUS_PASS : CheckStatus.CHECK_STATUS_FAIL,
                rows.isEmpty()
                        ? "every test label occurs in training"
                        : "labels " + unseen + " never occur in training (" + rows.size() + " test rows)",
                rows);
    }

    HygieneCheck classBalance() {
        Map<String, Double> trainShares = shares(train.texts(label));
        Map<String, Double> testShares = shares(test.texts(label));
        Set<String> labels = new LinkedHashSet<>(trainShares.keySet());
        labels.addAll(testShares.keySet());
        String worst = null;
        double worstDifference = 0;
        for (String l : labels) {
            double d = Math.abs(trainShares.getOrDefault(l, 0.0) - testShares.getOrDefault(l, 0.0));
            if (d > worstDifference) {
                worst = l;
                worstDifference = d;
            }
        }
        String summary = worst == null
                ? "identical label shares"
                : String.format(
                        Locale.ROOT,
                        "largest difference in label share: '%s' %.3f in training, %.3f in test",
                        worst,
                        trainShares.getOrDefault(worst, 0.0),
                        testShares.getOrDefault(worst, 0.0));
        return check(
                "class_balance",
                worstDifference > MAX_SHARE_DIFFERENCE ? CheckStatus.CHECK_STATUS_WARN : CheckStatus.CHECK_STATUS_PASS,
                summary,
                List.of());
    }

    /**
     * For every data column: predict the label from that column alone — the training set's majority
     * label per value (numbers in ten quantile buckets learned on training) — and score it on the
     * test set, normalised so 0 is the majority-class guess and 1 is perfect. For a regression
     * target, the squared correlation of numeric features with it. A column at or above the
     * threshold almost alone gives the label away.
     */
    HygieneCheck labelLeakage(boolean classification) {
        double threshold =
                options.getLeakageThreshold() > 0 ? options.getLeakageThreshold() : DEFAULT_LEAKAGE_THRESHOLD;
        List<String> leaking = new ArrayList<>();
        String best = null;
        double bestScore = 0;
        for (String column : dataColumns()) {
            if (column.equals(label)
                    || options.getGroupColumnsList().contains(column)
                    || column.equals(options.getTimeColumn())) {
                continue;
            }
            double score = classification ? singleFeatureAccuracy(column) : squaredCorrelation(column);
            if (score > bestScore) {
                best = column;
                bestScore = score;
            }
            if (score >= threshold) {
                leaking.add(column + String.format(Locale.ROOT, " (%.3f)", score));
            }
        }
        String summary = leaking.isEmpty()
                ? String.format(
                        Locale.ROOT,
                        "no single column predicts the label; the strongest is %s at %.3f",
                        best,
                        bestScore)
                : "columns that almost alone predict the label: " + leaking
                        + "; check they are not recorded after the outcome";
        return check(
                "label_leakage",
                leaking.isEmpty() ? CheckStatus.CHECK_STATUS_PASS : CheckStatus.CHECK_STATUS_FAIL,
                summary,
                List.of());
    }

    private double singleFeatureAccuracy(String column) {
        String[] trainKeys = leakageKeys(train, column);
        String[] testKeys = leakageKeys(test, column);
        String[] trainLabels = train.texts(label);
        String[] testLabels = test.texts(label);
        Map<String, Map<String, Integer>> counts = new HashMap<>();
        Map<String, Integer> overall = new HashMap<>();
        for (int i = 0; i < trainKeys.length; i++) {
            counts.computeIfAbsent(trainKeys[i], k -> new HashMap<>()).merge(trainLabels[i], 1, Integer::sum);
            overall.merge(trainLabels[i], 1, Integer::sum);
        }
        String majority = argmax(overall);
        Map<String, String> rule = new HashMap<>();
        counts.forEach((key, byLabel) -> rule.put(key, argmax(byLabel)));
        int correct = 0;
        int baseline = 0;
        for (int i = 0; i < testKeys.length; i++) {
            if (rule.getOrDefault(testKeys[i], majority).equals(testLabels[i])) {
                correct++;
            }
            if (majority.equals(testLabels[i])) {
                baseline++;
            }
        }
        double accuracy = (double) correct / testKeys.length;
        double base = (double) baseline / testKeys.length;
        return base >= 1 ? 0 : Math.max(0, (accuracy - base) / (1 - base));
    }

    private String[] leakageKeys(Table table, String column) {
        String[] keys = table.texts(column);
        if (train.column(column) instanceof Column.Numeric trainColumn
                && table.column(column) instanceof Column.Numeric) {
            double[] sorted = Arrays.stream(trainColumn.values())
                    .filter(v -> !Double.isNaN(v))
                    .sorted()
                    .toArray();
            if (Arrays.stream(sorted).distinct().count() > LEAKAGE_BUCKETS && sorted.length > 0) {
                double[] edges = new double[LEAKAGE_BUCKETS - 1];
                for (int q = 1; q < LEAKAGE_BUCKETS; q++) {
                    edges[q - 1] = sorted[q * sorted.length / LEAKAGE_BUCKETS];
                }
                double[] values = table.numbers(column);
                for (int i = 0; i < keys.length; i++) {
                    int b = 0;
                    while (b < edges.length && values[i] >= edges[b]) {
                        b++;
                    }
                    keys[i] = Double.isNaN(values[i]) ? null : "bucket" + b;
                }
            }
        }
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] == null) {
                keys[i] = "(missing)";
            }
        }
        return keys;
    }

    private double squaredCorrelation(String column) {
        if (!(test.column(column) instanceof Column.Numeric) || !(test.column(label) instanceof Column.Numeric)) {
            return 0;
        }
        double[] x = test.numbers(column);
        double[] y = test.numbers(label);
        double mx = 0;
        double my = 0;
        int n = 0;
        for (int i = 0; i < x.length; i++) {
            if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) {
                mx += x[i];
                my += y[i];
                n++;
            }
        }
        mx /= n;
        my /= n;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) {
                sxy += (x[i] - mx) * (y[i] - my);
                sxx += (x[i] - mx) * (x[i] - mx);
                syy += (y[i] - my) * (y[i] - my);
            }
        }
        return sxx == 0 || syy == 0 ? 0 : sxy * sxy / (sxx * syy);
    }

    /** Values with at least 1% of the training rows but fewer than the minimum slice rows in test. */
    HygieneCheck sliceRepresentation(String column, long minRows) {
        Map<String, Integer> trainCounts = counts(train.texts(column));
        Map<String, Integer> testCounts = counts(test.texts(column));
        List<String> missing = new ArrayList<>();
        trainCounts.forEach((value, count) -> {
            int inTest = testCounts.getOrDefault(value, 0);
            if (count >= 0.01 * train.rows() && inTest < minRows) {
                missing.add(column + "=" + value + " (" + count + " training rows, " + inTest + " test rows)");
            }
        });
        return check(
                "slice_representation:" + column,
                missing.isEmpty() ? CheckStatus.CHECK_STATUS_PASS : CheckStatus.CHECK_STATUS_WARN,
                missing.isEmpty()
                        ? "every value of " + column + " common in training has at least " + minRows + " test rows"
                        : "under-represented in test: " + missing,
                List.of());
    }

    private static Map<String, Integer> counts(String[] values) {
        Map<String, Integer> counts = new HashMap<>();
        for (String v : values) {
            counts.merge(v == null ? "(missing)" : v, 1, Integer::sum);
        }
        return counts;
    }

    private static Map<String, Double> shares(String[] values) {
        Map<String, Double> shares = new HashMap<>();
        counts(values).forEach((v, c) -> shares.put(v, (double) c / values.length));
        return shares;
    }

    /** The most frequent key; ties go to the smallest key, so the rule does not depend on hash order. */
    private static String argmax(Map<String, Integer> counts) {
        String best = "";
        int bestCount = -1;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (e.getValue() > bestCount
                    || (e.getValue() == bestCount && e.getKey().compareTo(best) < 0)) {
                best = e.getKey();
                bestCount = e.getValue();
            }
        }
        return best;
    }

    private static HygieneCheck check(String name, CheckStatus status, String summary, List<Integer> rows) {
        HygieneCheck.Builder check = HygieneCheck.newBuilder()
                .setName(name)
                .setStatus(status)
                .setSummary(summary)
                .setOffendingCount(rows.size());
        rows.stream().limit(MAX_ROWS_LISTED).forEach(r -> check.addOffendingRows(r + 1L));
        return check.build();
    }
}
