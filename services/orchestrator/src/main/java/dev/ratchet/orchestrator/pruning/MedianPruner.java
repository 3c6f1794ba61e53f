package dev.ratchet.orchestrator.pruning;

import java.util.List;
import java.util.Optional;

/**
 * The median stopping rule (Golovin et al. 2017, "Google Vizier"), as Optuna's MedianPruner: a
 * trial stops when its best value so far is worse than the median of the completed trials' values
 * at the same step. Never before {@code startupTrials} trials completed or before step
 * {@code warmupSteps}; a trial whose values are all NaN stops at once.
 */
public record MedianPruner(int startupTrials, long warmupSteps) implements Pruner {
    public MedianPruner {
        if (startupTrials < 0 || warmupSteps < 0) {
            throw new IllegalArgumentException("startup_trials and warmup_steps must be 0 or more");
        }
    }

    @Override
    public Optional<String> prune(long step, double value, double bestSoFar, History history) {
        if (step < warmupSteps) {
            return Optional.empty();
        }
        int completed = history.completedTrials();
        if (completed == 0) {
            return Optional.empty();
        }
        if (Double.isNaN(bestSoFar)) {
            return Optional.of("every value so far is NaN");
        }
        if (completed < startupTrials) {
            return Optional.empty();
        }
        double median = median(history.completedValuesAt(step));
        if (Double.isNaN(median) || bestSoFar <= median) {
            return Optional.empty();
        }
        return Optional.of("best value " + bestSoFar + " by step " + step + " is worse than the median " + median
                + " of the completed trials at that step");
    }

    /** The median ignoring NaN, as numpy's nanpercentile(50); NaN when nothing is left. */
    static double median(List<Double> values) {
        double[] finite = values.stream()
                .filter(v -> !Double.isNaN(v))
                .mapToDouble(Double::doubleValue)
                .sorted()
                .toArray();
        if (finite.length == 0) {
            return Double.NaN;
        }
        int middle = finite.length / 2;
        return finite.length % 2 == 1 ? finite[middle] : (finite[middle - 1] + finite[middle]) / 2;
    }
}
