package dev.ratchet.orchestrator.search;

import java.util.SplittableRandom;

/**
 * One random stream per (study seed, trial number): suggestions do not depend on what ran before.
 * The stream starts at a hash of both. SplittableRandom's stream from state x visits x + k·γ (γ its
 * golden-ratio increment), so a state linear in the seed (seed·γ + trial) made seed s + 1's draws
 * seed s's shifted by one: studies seeded 1, 2, 3, … drew the same points in rotated coordinates,
 * and a benchmark's "independent" seeds were one study repeated.
 */
final class Seeds {
    private Seeds() {}

    static SplittableRandom forTrial(long seed, int trialNumber) {
        return new SplittableRandom(hash(seed, trialNumber));
    }

    /** A 64-bit hash of (seed, index): SplittableRandom's mixer applied to the seed's hash plus the index. */
    static long hash(long seed, long index) {
        return new SplittableRandom(new SplittableRandom(seed).nextLong() + index).nextLong();
    }
}
