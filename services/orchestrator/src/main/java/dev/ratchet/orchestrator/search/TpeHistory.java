package dev.ratchet.orchestrator.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The completed trials a TPE sampler has seen, indexed for its next suggestion: in trial-number
 * order (a trial's position there is its slot), by loss, and each numeric parameter by value. A
 * study's completed trials only ever grow, so a suggestion inserts the new ones instead of sorting
 * thousands again; what is left per suggestion is linear in the trials, with no sort.
 */
final class TpeHistory {
    private final SearchSpace space;
    private final Param[] params;
    private final List<Trial> seen = new ArrayList<>();
    private int size;
    private int[] numbers = new int[64];
    private double[] losses = new double[64];
    private double[] violations = new double[64];
    /** Slots best first: feasible trials by (loss, number), then infeasible ones by (violation, number). */
    private int[] byLoss = new int[64];
    /** [param][slot]: the transformed value, NaN when the trial lacks the parameter (conditional). */
    private final double[][] values;

    private final int[] having;
    /** Numeric parameters: their values ascending (ties by number) and those values' slots; null for categorical. */
    private final double[][] sortedValues;

    private final int[][] sortedSlots;

    TpeHistory(SearchSpace space) {
        this.space = space;
        params = space.params().toArray(Param[]::new);
        values = new double[params.length][64];
        having = new int[params.length];
        sortedValues = new double[params.length][];
        sortedSlots = new int[params.length][];
        for (int p = 0; p < params.length; p++) {
            if (!(params[p] instanceof Param.CategoricalParam)) {
                sortedValues[p] = new double[64];
                sortedSlots[p] = new int[64];
            }
        }
    }

    /** Whether {@code completed} begins with the trials seen so far, so that only its tail is new. */
    boolean continues(SearchSpace space, List<Trial> completed) {
        int n = seen.size();
        return this.space.equals(space)
                && completed.size() >= n
                && (n == 0
                        || completed.get(0).equals(seen.get(0))
                                && completed.get(n - 1).equals(seen.get(n - 1)));
    }

    void addNew(List<Trial> completed) {
        for (int i = seen.size(); i < completed.size(); i++) {
            add(completed.get(i));
        }
    }

    int size() {
        return size;
    }

    /** How many trials have parameter p. */
    int count(int p) {
        return having[p];
    }

    /**
     * The slots of the k best trials that have parameter p, in number order: the lowest losses among
     * the feasible, and when fewer than k are feasible, all of those and the least violating rest
     * (Optuna 3.1's split with constraints).
     */
    int[] best(int p, int k) {
        int[] chosen = new int[k];
        int c = 0;
        for (int i = 0; i < size && c < k; i++) {
            if (!Double.isNaN(values[p][byLoss[i]])) {
                chosen[c++] = byLoss[i];
            }
        }
        Arrays.sort(chosen, 0, c);
        return Arrays.copyOf(chosen, c);
    }

    /** The slots of the trials that have parameter p, but for {@code except} (ascending), in number order. */
    int[] rest(int p, int[] except) {
        int[] rest = new int[having[p]];
        int c = 0;
        int e = 0;
        for (int s = 0; s < size; s++) {
            if (e < except.length && except[e] == s) {
                e++;
            } else if (!Double.isNaN(values[p][s])) {
                rest[c++] = s;
            }
        }
        return Arrays.copyOf(rest, c);
    }

    /** The values of parameters ps at these slots, [kernel][dimension], transformed. */
    double[][] observations(int[] ps, int[] slots) {
        double[][] x = new double[slots.length][ps.length];
        for (int k = 0; k < slots.length; k++) {
            for (int d = 0; d < ps.length; d++) {
                x[k][d] = values[ps[d]][slots[k]];
            }
        }
        return x;
    }

    /**
     * Numeric parameter p's mixture over the trials that have it but for {@code below} (ascending),
     * each weighted by its age among them: read off the value order kept here, without sorting.
     */
    SortedMixture sortedMixture(int p, ParzenEstimator.Dimension dim, int[] below) {
        boolean[] excluded = new boolean[size];
        for (int s : below) {
            excluded[s] = true;
        }
        int[] age = new int[size];
        int m = 0;
        for (int s = 0; s < size; s++) {
            if (!excluded[s] && !Double.isNaN(values[p][s])) {
                age[s] = m++;
            }
        }
        double[] weightByAge = TpeSampler.weights(m);
        double[] v = new double[m];
        double[] w = new double[m];
        int j = 0;
        for (int i = 0; i < having[p]; i++) {
            int s = sortedSlots[p][i];
            if (!excluded[s]) {
                v[j] = sortedValues[p][i];
                w[j++] = weightByAge[age[s]];
            }
        }
        return new SortedMixture(dim, v, w, m);
    }

    private void add(Trial trial) {
        seen.add(trial);
        if (size == numbers.length) {
            grow(2 * size);
        }
        int slot = size;
        while (slot > 0 && numbers[slot - 1] > trial.number()) {
            slot--;
        }
        if (slot < size) { // finished out of number order (parallel trials): the later slots move up one
            shiftSlots(byLoss, size, slot);
            for (int p = 0; p < params.length; p++) {
                if (sortedSlots[p] != null) {
                    shiftSlots(sortedSlots[p], having[p], slot);
                }
                System.arraycopy(values[p], slot, values[p], slot + 1, size - slot);
            }
            System.arraycopy(numbers, slot, numbers, slot + 1, size - slot);
            System.arraycopy(losses, slot, losses, slot + 1, size - slot);
            System.arraycopy(violations, slot, violations, slot + 1, size - slot);
        }
        numbers[slot] = trial.number();
        losses[slot] = trial.loss();
        violations[slot] = trial.violation();
        int at = size;
        while (at > 0 && after(byLoss[at - 1], slot)) {
            at--;
        }
        insert(byLoss, size, at, slot);
        size++;
        for (int p = 0; p < params.length; p++) {
            Object value = trial.params().get(params[p].name());
            double x = value == null ? Double.NaN : TpeSampler.toTransformed(params[p], value);
            values[p][slot] = x;
            if (value == null) {
                continue;
            }
            if (sortedValues[p] != null) {
                int i = upperBound(sortedValues[p], having[p], x);
                while (i > 0 && sortedValues[p][i - 1] == x && numbers[sortedSlots[p][i - 1]] > trial.number()) {
                    i--;
                }
                System.arraycopy(sortedValues[p], i, sortedValues[p], i + 1, having[p] - i);
                sortedValues[p][i] = x;
                insert(sortedSlots[p], having[p], i, slot);
            }
            having[p]++;
        }
    }

    /** Whether the trial in slot a ranks after the one in slot b: by violation, then (feasible) loss, then number. */
    private boolean after(int a, int b) {
        int c = Double.compare(violations[a], violations[b]);
        if (c == 0 && violations[a] == 0) {
            c = Double.compare(losses[a], losses[b]);
        }
        return c > 0 || c == 0 && numbers[a] > numbers[b];
    }

    private void grow(int capacity) {
        numbers = Arrays.copyOf(numbers, capacity);
        losses = Arrays.copyOf(losses, capacity);
        violations = Arrays.copyOf(violations, capacity);
        byLoss = Arrays.copyOf(byLoss, capacity);
        for (int p = 0; p < params.length; p++) {
            values[p] = Arrays.copyOf(values[p], capacity);
            if (sortedValues[p] != null) {
                sortedValues[p] = Arrays.copyOf(sortedValues[p], capacity);
                sortedSlots[p] = Arrays.copyOf(sortedSlots[p], capacity);
            }
        }
    }

    private static void shiftSlots(int[] slots, int length, int from) {
        for (int i = 0; i < length; i++) {
            if (slots[i] >= from) {
                slots[i]++;
            }
        }
    }

    private static void insert(int[] array, int length, int at, int value) {
        System.arraycopy(array, at, array, at + 1, length - at);
        array[at] = value;
    }

    /** The first position in sorted[0..length) above v. */
    private static int upperBound(double[] sorted, int length, double v) {
        int lo = 0;
        int hi = length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
