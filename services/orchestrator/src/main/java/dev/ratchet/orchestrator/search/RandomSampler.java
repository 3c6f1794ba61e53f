package dev.ratchet.orchestrator.search;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Independent uniform draws (log-uniform for log parameters). */
public record RandomSampler(long seed) implements Sampler {
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
