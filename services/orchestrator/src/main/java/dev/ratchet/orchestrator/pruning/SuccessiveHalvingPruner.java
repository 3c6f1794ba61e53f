package dev.ratchet.orchestrator.pruning;

import java.util.List;
import java.util.Optional;

/**
 * Asynchronous successive halving (Li et al. 2020, "A System for Massively Parallel Hyperparameter
 * Tuning"), as Optuna's SuccessiveHalvingPruner: rung k sits at step
 * {@code minResource · reductionFactor^(minEarlyStoppingRate + k)}; a trial reaching it goes on only
 * when its value is among the best 1/reductionFactor of all values recorded at that rung so far
 * (the best one while fewer than reductionFactor trials got there — trials are never suspended).
 */
public record SuccessiveHalvingPruner(long minResource, int reductionFactor, int minEarlyStoppingRate)
        implements Pruner {
    public SuccessiveHalvingPruner {
        if (minResource < 1 || reductionFactor < 2 || minEarlyStoppingRate < 0) {
            throw new IllegalArgumentException("successive halving needs min_resource ≥ 1, reduction_factor ≥ 2"
                    + " and min_early_stopping_rate ≥ 0");
        }
    }

    @Override
    public Optional<String> prune(long step, double value, double bestSoFar, History history) {
        return prune(step, value, history, 0);
    }

    /** Decides with this pruner's rungs recorded under ids from {@code firstRungId} (Hyperband's brackets). */
    Optional<String> prune(long step, double value, History history, int firstRungId) {
        for (int rung = history.rungsPassed(); ; rung++) {
            long rungStep = rungStep(rung);
            if (step < rungStep) {
                return Optional.empty();
            }
            if (Double.isNaN(value)) {
                return Optional.of("value at step " + step + " is NaN");
            }
            List<Double> competing = history.recordRung(firstRungId + rung, value);
            if (!promotable(value, competing)) {
                return Optional.of("value " + value + " at rung " + rung + " (step " + rungStep + ") is not in the best"
                        + " 1/" + reductionFactor + " of the " + competing.size() + " trials that reached it");
            }
        }
    }

    long rungStep(int rung) {
        double step = minResource * Math.pow(reductionFactor, minEarlyStoppingRate + rung);
        return step >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) step;
    }

    private boolean promotable(double value, List<Double> competing) {
        double[] sorted =
                competing.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int index = Math.max(0, sorted.length / reductionFactor - 1);
        return value <= sorted[index];
    }
}
