package dev.ratchet.orchestrator.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which parameters mattered: for each parameter, the share of the objective's variance that its
 * value explains on its own — the correlation ratio η² = SS_between / SS_total of a one-way ANOVA
 * of the objective on the parameter, numeric values grouped into up to {@value #BINS} equal-count
 * bins, categorical ones by choice. A conditional parameter is measured over the trials that have
 * it. The importances are scaled to sum to 1, as Optuna reports its own.
 *
 * Simpler than fANOVA (no random forest, no interactions) and cheap enough to recompute on every
 * request; it ranks main effects, which is what choosing what to tune next needs.
 */
public final class ParamImportance {
    static final int BINS = 10;
    /** Below this many trials with the parameter its η² is not estimated (reported as 0). */
    static final int MIN_TRIALS = 4;

    private ParamImportance() {}

    /** Importances by parameter, highest first; empty when no parameter could be measured. */
    public static Map<String, Double> of(SearchSpace space, List<Trial> completed) {
        Map<String, Double> raw = new LinkedHashMap<>();
        for (Param param : space.params()) {
            raw.put(param.name(), etaSquared(groups(param, completed)));
        }
        double total = raw.values().stream().mapToDouble(Double::doubleValue).sum();
        Map<String, Double> importance = new LinkedHashMap<>();
        if (total <= 0) {
            return importance;
        }
        raw.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> importance.put(e.getKey(), e.getValue() / total));
        return importance;
    }

    /** The trials' losses grouped by the parameter's bin (numeric) or choice (categorical). */
    static List<double[]> groups(Param param, List<Trial> completed) {
        List<Trial> having = completed.stream()
                .filter(t -> t.params().containsKey(param.name()) && Double.isFinite(t.loss()))
                .toList();
        if (having.size() < MIN_TRIALS) {
            return List.of();
        }
        Map<Object, List<Double>> byKey = new HashMap<>();
        if (param instanceof Param.CategoricalParam) {
            having.forEach(t -> byKey.computeIfAbsent(
                            String.valueOf(t.params().get(param.name())), k -> new ArrayList<>())
                    .add(t.loss()));
        } else {
            List<Trial> sorted = new ArrayList<>(having);
            sorted.sort(Comparator.comparingDouble(t -> ((Number) t.params().get(param.name())).doubleValue()));
            int bins = Math.min(BINS, sorted.size() / 2);
            int bin = 0;
            double previous = Double.NaN;
            for (int i = 0; i < sorted.size(); i++) {
                double value = ((Number) sorted.get(i).params().get(param.name())).doubleValue();
                if (value != previous) { // equal values stay in one bin
                    bin = i * bins / sorted.size();
                    previous = value;
                }
                byKey.computeIfAbsent(bin, k -> new ArrayList<>())
                        .add(sorted.get(i).loss());
            }
        }
        return byKey.values().stream()
                .map(l -> l.stream().mapToDouble(Double::doubleValue).toArray())
                .toList();
    }

    /** η² = SS_between / SS_total; 0 for fewer than two groups or no variance. */
    static double etaSquared(List<double[]> groups) {
        if (groups.size() < 2) {
            return 0;
        }
        double sum = 0;
        long n = 0;
        for (double[] g : groups) {
            for (double v : g) {
                sum += v;
            }
            n += g.length;
        }
        double mean = sum / n;
        double between = 0;
        double total = 0;
        for (double[] g : groups) {
            double groupSum = 0;
            for (double v : g) {
                groupSum += v;
                total += (v - mean) * (v - mean);
            }
            double groupMean = groupSum / g.length;
            between += g.length * (groupMean - mean) * (groupMean - mean);
        }
        return total == 0 ? 0 : between / total;
    }
}
