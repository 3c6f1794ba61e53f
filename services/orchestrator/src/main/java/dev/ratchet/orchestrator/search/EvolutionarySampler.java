package dev.ratchet.orchestrator.search;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A steady-state genetic algorithm: after {@value #POPULATION} random trials, each trial is a
 * child of two parents chosen by binary tournaments among the best {@value #POPULATION} finished
 * trials — uniform crossover, then Gaussian mutation (σ = 0.1 of the range, in log space for log
 * parameters) of numeric values and a fresh choice for each categorical with probability 1/d.
 * A parameter neither parent has (conditional) is drawn at random. Stateless: it reads the history.
 */
public final class EvolutionarySampler implements Sampler {
    static final int POPULATION = 20;
    static final double MUTATION_SIGMA = 0.1;

    private final long seed;

    public EvolutionarySampler(long seed) {
        this.seed = seed;
    }

    @Override
    public Map<String, Object> suggest(SearchSpace space, List<Trial> completed, int trialNumber) {
        SplittableRandom random = Seeds.forTrial(seed, trialNumber);
        if (completed.size() < POPULATION) {
            return space.sampleUniformly(random);
        }
        List<Trial> elite = completed.stream()
                .sorted(Comparator.comparingDouble(Trial::loss).thenComparingInt(Trial::number))
                .limit(POPULATION)
                .toList();
        Trial a = tournament(elite, random);
        Trial b = tournament(elite, random);
        int dimensions = space.params().size();
        return space.sample((param, chosen) -> {
            Object inherited = random.nextBoolean()
                    ? a.params().get(param.name())
                    : b.params().get(param.name());
            if (inherited == null) {
                inherited = a.params().getOrDefault(param.name(), b.params().get(param.name()));
            }
            if (inherited == null) {
                return SearchSpace.uniform(param, random);
            }
            if (param instanceof Param.CategoricalParam) {
                return random.nextDouble() < 1.0 / dimensions ? SearchSpace.uniform(param, random) : inherited;
            }
            double u = SearchSpace.toUnit(param, inherited) + MUTATION_SIGMA * random.nextGaussian();
            return SearchSpace.fromUnit(param, Math.max(0, Math.min(Math.nextDown(1.0), u)));
        });
    }

    /** The better of two random members (lower loss). */
    private static Trial tournament(List<Trial> elite, SplittableRandom random) {
        Trial x = elite.get(random.nextInt(elite.size()));
        Trial y = elite.get(random.nextInt(elite.size()));
        return x.loss() <= y.loss() ? x : y;
    }
}
