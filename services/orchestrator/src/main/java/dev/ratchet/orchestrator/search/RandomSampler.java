package dev.ratchet.orchestrator.search;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Independent uniform draws (log-uniform for log parameters). */
public final class RandomSampler implements Sampler {
    private final long seed;

    public RandomSampler(long seed) {
        this.seed = seed;
    }

    @Override
    public boolean usesHistory() {
        return false;
    }

    @Override
    public Map<String, Object> suggest(SearchSpace space, List<Trial> completed, int trialNumber) {
        SplittableRandom random = Seeds.forTrial(seed, trialNumber);
        return space.sampleUniformly(random);
    }
}
