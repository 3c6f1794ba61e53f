package dev.ratchet.orchestrator.search;

import java.util.SplittableRandom;

/** One random stream per (study seed, trial number): suggestions do not depend on what ran before. */
final class Seeds {
    private Seeds() {
    }

    static SplittableRandom forTrial(long seed, int trialNumber) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + trialNumber);
    }
}
