package dev.ratchet.evaluation.split;

import dev.ratchet.evaluation.data.Column;
import dev.ratchet.evaluation.data.Table;
import dev.ratchet.evaluation.data.TableException;
import dev.ratchet.evaluation.data.TextCodes;
import dev.ratchet.evaluation.hygiene.RowHasher;
import dev.ratchet.evaluation.v1.SplitStrategy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Assigns every row of a table to train, validation or test (or drops it), keeping together what
 * must not be split: identical rows (random), an entity's rows (group), rows of one time (time).
 */
final class Splitter {
    /** The parts, in time order for time splits. */
    enum Part {
        TRAIN,
        VALIDATION,
        TEST;

        String role() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What the split is asked to do; fractions already defaulted and checked. */
    record Plan(
            SplitStrategy strategy,
            double validationFraction,
            double testFraction,
            long seed,
            String label,
            String timeColumn,
            String validationFrom,
            String testFrom,
            double timeGap,
            List<String> groupColumns,
            List<String> idColumns) {}

    /** Each row's part; null for a row dropped (a time gap, an entity that reaches a later part). */
    record Assignment(Part[] parts, List<String> notes) {}

    private Splitter() {}

    static Assignment assign(Table table, Plan plan) {
        List<String> notes = new ArrayList<>();
        Part[] parts = switch (plan.strategy()) {
            case SPLIT_STRATEGY_RANDOM -> byUnits(table, plan, duplicateUnits(table, plan));
            case SPLIT_STRATEGY_GROUP -> byUnits(table, plan, groupUnits(table, plan.groupColumns()));
            case SPLIT_STRATEGY_TIME -> byTime(table, plan, notes);
            case SPLIT_STRATEGY_TIME_THEN_GROUP -> withoutLaterGroups(table, plan, byTime(table, plan, notes), notes);
            default -> throw new TableException("strategy must be RANDOM, TIME, GROUP or TIME_THEN_GROUP");
        };
        return new Assignment(parts, notes);
    }

    /** Units of identical rows (over every column but the ids), by the hygiene checks' row hash. */
    private static int[] duplicateUnits(Table table, Plan plan) {
        List<String> columns = new ArrayList<>(table.columnNames());
        columns.removeAll(plan.idColumns());
        return codes(RowHasher.hashes(table, columns));
    }

    /** Units of rows with the same entity key. */
    private static int[] groupUnits(Table table, List<String> groupColumns) {
        if (groupColumns.isEmpty()) {
            throw new TableException("a group split needs group_columns: the entity key, e.g. a user or patient id");
        }
        String[] keys = new String[table.rows()];
        for (int r = 0; r < keys.length; r++) {
            StringBuilder key = new StringBuilder();
            for (String column : groupColumns) {
                key.append(table.column(column).asText(r)).append('\u001f');
            }
            keys[r] = key.toString();
        }
        return TextCodes.of(keys).codes();
    }

    /** Equal hashes numbered in order of first appearance. */
    private static int[] codes(long[] values) {
        Map<Long, Integer> index = new HashMap<>();
        int[] codes = new int[values.length];
        for (int r = 0; r < values.length; r++) {
            codes[r] = index.computeIfAbsent(values[r], k -> index.size());
        }
        return codes;
    }

    /**
     * Whole units to parts: per stratum (the unit's most common label, or one stratum), the units
     * shuffled with the seed and dealt to test, then validation, until each has its share of the
     * stratum's rows; the rest to train.
     */
    private static Part[] byUnits(Table table, Plan plan, int[] unitOf) {
        int units = 0;
        for (int u : unitOf) {
            units = Math.max(units, u + 1);
        }
        int[] size = new int[units];
        for (int u : unitOf) {
            size[u]++;
        }
        String[] stratum = strata(table, plan.label(), unitOf, units);
        Map<String, List<Integer>> byStratum = new LinkedHashMap<>();
        for (int u = 0; u < units; u++) {
            byStratum.computeIfAbsent(stratum[u], s -> new ArrayList<>()).add(u);
        }
        Part[] partOfUnit = new Part[units];
        Random random = new Random(plan.seed());
        for (List<Integer> members : byStratum.values()) {
            Collections.shuffle(members, random);
            long rows = members.stream().mapToLong(u -> size[u]).sum();
            long testRows = Math.round(plan.testFraction() * rows);
            long validationRows = Math.round(plan.validationFraction() * rows);
            long taken = 0;
            for (int u : members) {
                Part part =
                        taken < testRows ? Part.TEST : taken < testRows + validationRows ? Part.VALIDATION : Part.TRAIN;
                partOfUnit[u] = part;
                taken += size[u];
            }
        }
        Part[] parts = new Part[unitOf.length];
        for (int r = 0; r < parts.length; r++) {
            parts[r] = partOfUnit[unitOf[r]];
        }
        return parts;
    }

    /** Each unit's most common label (ties: the first seen); one stratum without a label. */
    private static String[] strata(Table table, String label, int[] unitOf, int units) {
        String[] stratum = new String[units];
        if (label.isEmpty()) {
            Arrays.fill(stratum, "");
            return stratum;
        }
        List<Map<String, Integer>> counts = new ArrayList<>();
        for (int u = 0; u < units; u++) {
            counts.add(new LinkedHashMap<>());
        }
        Column column = table.column(label);
        for (int r = 0; r < unitOf.length; r++) {
            counts.get(unitOf[r]).merge(column.asText(r), 1, Integer::sum);
        }
        for (int u = 0; u < units; u++) {
            stratum[u] = Collections.max(counts.get(u).entrySet(), Map.Entry.comparingByValue())
                    .getKey();
        }
        return stratum;
    }

    /**
     * Train before validation before test by the time column, cut between distinct times: at the
     * given first values, or where the latest times reach their share of the rows (whole times,
     * at most the share, at least one time). Rows within the gap before a cut are dropped.
     */
    private static Part[] byTime(Table table, Plan plan, List<String> notes) {
        if (plan.timeColumn().isEmpty()) {
            throw new TableException("a time split needs time_column");
        }
        Column column = table.column(plan.timeColumn());
        Comparator<Integer> byTime = column instanceof Column.Numeric numeric
                ? Comparator.comparingDouble(r -> numeric.values()[r])
                : Comparator.comparing(column::asText);
        for (int r = 0; r < table.rows(); r++) {
            if (column.isMissing(r)) {
                throw new TableException("row " + (r + 1) + " has no value in time column '" + plan.timeColumn()
                        + "'; a time split needs every row's time");
            }
        }
        List<Integer> order = new ArrayList<>();
        for (int r = 0; r < table.rows(); r++) {
            order.add(r);
        }
        order.sort(byTime);
        // the positions where a new time starts
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            if (i == 0 || byTime.compare(order.get(i - 1), order.get(i)) != 0) {
                starts.add(i);
            }
        }
        int n = order.size();
        int testStart = plan.testFrom().isEmpty()
                ? startForShare(starts, n, n, plan.testFraction())
                : startAt(column, order, starts, plan.testFrom(), "test_from");
        int validationStart = plan.validationFrom().isEmpty()
                ? startForShare(starts, testStart, n, plan.validationFraction())
                : startAt(column, order, starts, plan.validationFrom(), "validation_from");
        if (validationStart > testStart) {
            throw new TableException("validation_from must not be later than test_from");
        }
        Part[] parts = new Part[n];
        for (int i = 0; i < n; i++) {
            parts[order.get(i)] = i >= testStart ? Part.TEST : i >= validationStart ? Part.VALIDATION : Part.TRAIN;
        }
        if (plan.timeGap() > 0) {
            if (!(column instanceof Column.Numeric numeric)) {
                throw new TableException(
                        "time_gap needs a numeric time column; '" + plan.timeColumn() + "' holds text");
            }
            int dropped = 0;
            for (int cut : new int[] {validationStart, testStart}) {
                if (cut >= n || cut == 0) {
                    continue;
                }
                double start = numeric.values()[order.get(cut)];
                for (int i = cut - 1; i >= 0 && numeric.values()[order.get(i)] > start - plan.timeGap(); i--) {
                    if (parts[order.get(i)] != null) {
                        parts[order.get(i)] = null;
                        dropped++;
                    }
                }
            }
            notes.add(dropped + " rows within the time gap of " + plan.timeGap() + " before a cut were dropped");
        }
        return parts;
    }

    /** The start of the latest whole times holding at most share·n of the rows before {@code end} (at least one time). */
    private static int startForShare(List<Integer> starts, int end, int n, double share) {
        if (share <= 0) {
            return end;
        }
        int chosen = end;
        for (int s = starts.size() - 1; s >= 0; s--) {
            int start = starts.get(s);
            if (start >= end) {
                continue;
            }
            if (chosen != end && end - start > share * n) {
                break;
            }
            chosen = start;
            if (end - start >= share * n) {
                break;
            }
        }
        return chosen;
    }

    /** The first position whose time is at least the given value. */
    private static int startAt(Column column, List<Integer> order, List<Integer> starts, String value, String field) {
        for (int start : starts) {
            int row = order.get(start);
            boolean atOrAfter = column instanceof Column.Numeric numeric
                    ? numeric.values()[row] >= parse(value, field)
                    : column.asText(row).compareTo(value) >= 0;
            if (atOrAfter) {
                return start;
            }
        }
        return order.size();
    }

    private static double parse(String value, String field) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new TableException(field + " '" + value + "' must be a number: the time column is numeric");
        }
    }

    /** An entity seen in a later part loses its rows in the earlier parts. */
    private static Part[] withoutLaterGroups(Table table, Plan plan, Part[] parts, List<String> notes) {
        int[] unitOf = groupUnits(table, plan.groupColumns());
        Map<Integer, Part> latest = new HashMap<>();
        for (int r = 0; r < parts.length; r++) {
            if (parts[r] != null) {
                latest.merge(unitOf[r], parts[r], (a, b) -> a.compareTo(b) >= 0 ? a : b);
            }
        }
        int dropped = 0;
        for (int r = 0; r < parts.length; r++) {
            if (parts[r] != null && parts[r] != latest.get(unitOf[r])) {
                parts[r] = null;
                dropped++;
            }
        }
        notes.add(dropped + " rows of entities that reach a later part were dropped from the earlier parts");
        return parts;
    }
}
