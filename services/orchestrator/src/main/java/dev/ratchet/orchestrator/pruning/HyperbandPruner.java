package dev.ratchet.orchestrator.pruning;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * Hyperband (Li et al. 2018, "Hyperband: A Novel Bandit-Based Approach to Hyperparameter
 * Optimization"), as Optuna's HyperbandPruner: ⌊log_η(max / min)⌋ + 1 brackets of successive
 * halving, bracket b starting at rung min · η^b, each trial competing only within its bracket. A
 * trial's bracket is the CRC-32 of "{study name}_{trial number}" modulo the brackets' summed budgets
 * (bracket b's budget ⌈n · η^s / (s + 1)⌉, s = n − 1 − b), so it is known before the trial reports.
 */
public record HyperbandPruner(long minResource, long maxResource, int reductionFactor) implements Pruner {
    /** Rung ids of bracket b are b · RUNGS + rung: the brackets' rungs are recorded apart. */
    static final int RUNGS = 64;

    public HyperbandPruner {
        if (minResource < 1 || maxResource <= minResource || reductionFactor < 2) {
            throw new IllegalArgumentException("hyperband needs min_resource ≥ 1, max_resource > min_resource (the"
                    + " step at which a trial ends) and reduction_factor ≥ 2");
        }
    }

    /** How many brackets: ⌊log_η(max / min)⌋ + 1. */
    public int brackets() {
        return (int) Math.floor(Math.log((double) maxResource / minResource) / Math.log(reductionFactor)) + 1;
    }

    private long budget(int bracket) {
        int s = brackets() - 1 - bracket;
        return (long) Math.ceil(brackets() * Math.pow(reductionFactor, s) / (s + 1));
    }

    /** The bracket of a study's trial, as Optuna's {@code _get_bracket_id}. */
    public int bracketOf(String studyName, int trialNumber) {
        long total = 0;
        for (int b = 0; b < brackets(); b++) {
            total += budget(b);
        }
        CRC32 crc = new CRC32();
        crc.update((studyName + "_" + trialNumber).getBytes(StandardCharsets.UTF_8));
        long n = crc.getValue() % total;
        for (int b = 0; ; b++) {
            n -= budget(b);
            if (n < 0) {
                return b;
            }
        }
    }

    @Override
    public Optional<String> prune(long step, double value, double bestSoFar, History history) {
        int bracket = bracketOf(history.studyName(), history.trialNumber());
        return new SuccessiveHalvingPruner(minResource, reductionFactor, bracket)
                .prune(step, value, history, bracket * RUNGS)
                .map(reason -> "bracket " + bracket + ": " + reason);
    }
}
