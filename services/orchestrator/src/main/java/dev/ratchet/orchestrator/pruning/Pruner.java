package dev.ratchet.orchestrator.pruning;

import java.util.List;
import java.util.Optional;

/**
 * Decides whether a running trial stops early, after each new intermediate value of the
 * objective. Values reach a pruner as losses (lower is better): the caller negates maximised
 * objectives, as Optuna's pruners compare in the study's direction.
 */
public sealed interface Pruner permits MedianPruner, SuccessiveHalvingPruner, HyperbandPruner {
    /** What the pruner may look up about the rest of the study. */
    interface History {
        /** The study's name (Hyperband places a trial in a bracket by it and the trial's number). */
        String studyName();

        /** The number of the trial being decided on. */
        int trialNumber();

        /** How many trials of the study have completed. */
        int completedTrials();

        /** The completed trials' values at exactly this step (those that reported it). */
        List<Double> completedValuesAt(long step);

        /** The rungs this trial has passed (0 before the first). */
        int rungsPassed();

        /**
         * Records this trial's value at a rung (once) and returns every value recorded at that
         * rung, this trial's included.
         */
        List<Double> recordRung(int rung, double value);
    }

    /**
     * The trial's newest report: the step, its value there and its best value so far, all as
     * losses. Empty when it goes on; otherwise the reason it stops.
     */
    Optional<String> prune(long step, double value, double bestSoFar, History history);
}
