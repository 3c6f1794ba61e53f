package dev.ratchet.orchestrator.search;

import java.util.List;
import java.util.Map;
import org.hipparchus.random.SobolSequenceGenerator;

/**
 * Quasi-random (low-discrepancy) points from Hipparchus' Sobol sequence, one dimension per
 * parameter; the seed shifts every point by a random offset modulo 1 (a Cranley–Patterson
 * rotation), so seeds give different but equally even designs. Trial n takes the sequence's point n + 1
 * (the first point is the corner 0).
 */
public record SobolSampler(long seed) implements Sampler {
    @Override
    public boolean usesHistory() {
        return false;
    }

    @Override
    public Map<String, Object> suggest(SearchSpace space, List<Trial> completed, int trialNumber) {
        int dimensions = space.params().size();
        SobolSequenceGenerator sequence = new SobolSequenceGenerator(dimensions);
        sequence.skipTo(trialNumber + 1);
        double[] point = sequence.nextVector();
        double[] shift = new double[dimensions];
        var random = Seeds.forTrial(seed, -1);
        for (int d = 0; d < dimensions; d++) {
            shift[d] = random.nextDouble();
        }
        return space.sample((param, chosen) -> {
            int d = space.params().indexOf(param);
            double u = point[d] + shift[d];
            return SearchSpace.fromUnit(param, u - Math.floor(u));
        });
    }
}
