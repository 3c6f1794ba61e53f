package dev.ratchet.orchestrator.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Tree-structured Parzen Estimator (Bergstra et al. 2011) with Optuna 3's defaults: 10 random
 * startup trials; the good set is the best min(⌈0.1·n⌉, 25) trials; observation weights ramp up
 * linearly for all but the newest 25; a prior kernel at the midpoint spanning the range; 24
 * candidates drawn from the good density, the one maximising l(x)/g(x) kept. Univariate (each
 * parameter on its own, using the trials that have it — conditional parameters work) or
 * multivariate (one joint density over the parameters every trial has).
 *
 * Written here rather than taken from a library: no maintained JVM library implements TPE.
 */
public final class TpeSampler implements Sampler {
    static final int STARTUP_TRIALS = 10;
    static final int CANDIDATES = 24;

    private final long seed;
    private final boolean multivariate;

    public TpeSampler(long seed, boolean multivariate) {
        this.seed = seed;
        this.multivariate = multivariate;
    }

    @Override
    public Map<String, Object> suggest(SearchSpace space, List<Trial> completed, int trialNumber) {
        SplittableRandom random = Seeds.forTrial(seed, trialNumber);
        if (completed.size() < STARTUP_TRIALS) {
            return space.sampleUniformly(random);
        }
        if (multivariate && space.params().stream().allMatch(p -> p.condition() == null)) {
            return joint(space, completed, random);
        }
        Split all = Split.of(byLoss(completed));
        return space.sample((param, chosen) -> {
            // a parameter every trial has (not conditional) shares the split of all trials
            Split split = param.condition() == null ? all : Split.of(all.byLoss().stream()
                    .filter(t -> t.params().containsKey(param.name())).toList());
            if (split.byLoss().size() < STARTUP_TRIALS) {
                return SearchSpace.uniform(param, random);
            }
            double[] x = best(new Param[] {param}, split, random);
            return fromTransformed(param, x[0]);
        });
    }

    private Map<String, Object> joint(SearchSpace space, List<Trial> completed, SplittableRandom random) {
        Param[] params = space.params().toArray(Param[]::new);
        double[] x = best(params, Split.of(byLoss(completed)), random);
        Map<String, Object> chosen = new LinkedHashMap<>();
        for (int d = 0; d < params.length; d++) {
            chosen.put(params[d].name(), fromTransformed(params[d], x[d]));
        }
        return chosen;
    }

    /** The trials from the lowest loss up; ties keep trial order (the sort is stable). */
    private static List<Trial> byLoss(List<Trial> completed) {
        List<Trial> sorted = new ArrayList<>(completed);
        sorted.sort(Comparator.comparingDouble(Trial::loss));
        return sorted;
    }

    /**
     * Trials split into the good (the best min(⌈0.1·n⌉, 25)) and the rest, each in trial order
     * (their weights ramp with age).
     */
    private record Split(List<Trial> byLoss, List<Trial> below, List<Trial> above) {
        static Split of(List<Trial> byLoss) {
            int n = byLoss.size();
            int good = Math.min((int) Math.ceil(0.1 * n), 25);
            List<Trial> below = new ArrayList<>(byLoss.subList(0, good));
            List<Trial> above = new ArrayList<>(byLoss.subList(good, n));
            below.sort(Comparator.comparingInt(Trial::number));
            above.sort(Comparator.comparingInt(Trial::number));
            return new Split(byLoss, below, above);
        }
    }

    /** Fits the good and bad densities and returns the best of the candidates drawn from the good one. */
    private double[] best(Param[] params, Split split, SplittableRandom random) {
        List<Trial> below = split.below();
        List<Trial> above = split.above();
        ParzenEstimator.Dimension[] dims = new ParzenEstimator.Dimension[params.length];
        for (int d = 0; d < params.length; d++) {
            dims[d] = dimension(params[d]);
        }
        ParzenEstimator l = estimator(params, dims, below);
        ParzenEstimator g = estimator(params, dims, above);
        double[] best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < CANDIDATES; c++) {
            double[] x = l.sample(random);
            double score = l.logPdf(x) - g.logPdf(x);
            if (best == null || score > bestScore) {
                best = x;
                bestScore = score;
            }
        }
        return best;
    }

    private ParzenEstimator estimator(Param[] params, ParzenEstimator.Dimension[] dims, List<Trial> trials) {
        double[][] observations = new double[trials.size()][params.length];
        for (int k = 0; k < trials.size(); k++) {
            for (int d = 0; d < params.length; d++) {
                observations[k][d] = toTransformed(params[d], trials.get(k).params().get(params[d].name()));
            }
        }
        return new ParzenEstimator(dims, observations, weights(trials.size()), multivariate);
    }

    /** Optuna's default_weights: 1 for the newest 25, a ramp from 1/n for the older ones. */
    static double[] weights(int n) {
        double[] w = new double[n];
        if (n < 25) {
            Arrays.fill(w, 1.0);
            return w;
        }
        int ramp = n - 25;
        for (int i = 0; i < ramp; i++) {
            w[i] = ramp == 1 ? 1.0 / n : 1.0 / n + (1.0 - 1.0 / n) * i / (ramp - 1);
        }
        for (int i = ramp; i < n; i++) {
            w[i] = 1.0;
        }
        return w;
    }

    private static ParzenEstimator.Dimension dimension(Param param) {
        if (param instanceof Param.FloatParam f) {
            return f.log() ? new ParzenEstimator.Dimension(Math.log(f.low()), Math.log(f.high()), 0, 0)
                    : new ParzenEstimator.Dimension(f.low(), f.high(), 0, 0);
        }
        if (param instanceof Param.IntParam i) {
            return i.log() ? new ParzenEstimator.Dimension(Math.log(i.low() - 0.5), Math.log(i.high() + 0.5), 0, 0)
                    : new ParzenEstimator.Dimension(i.low() - i.step() / 2.0, i.high() + i.step() / 2.0, i.step(), 0);
        }
        return new ParzenEstimator.Dimension(0, 0, 0, ((Param.CategoricalParam) param).choices().size());
    }

    private static double toTransformed(Param param, Object value) {
        if (param instanceof Param.FloatParam f) {
            double v = ((Number) value).doubleValue();
            return f.log() ? Math.log(v) : v;
        }
        if (param instanceof Param.IntParam i) {
            double v = ((Number) value).doubleValue();
            return i.log() ? Math.log(v) : v;
        }
        return ((Param.CategoricalParam) param).choices().indexOf(String.valueOf(value));
    }

    private static Object fromTransformed(Param param, double x) {
        if (param instanceof Param.FloatParam f) {
            double v = f.log() ? Math.exp(x) : x;
            return Math.max(f.low(), Math.min(f.high(), v));
        }
        if (param instanceof Param.IntParam i) {
            double v = i.log() ? Math.exp(x) : x;
            long steps = Math.round((v - i.low()) / i.step());
            return Math.max(i.low(), Math.min(i.high(), i.low() + steps * i.step()));
        }
        return ((Param.CategoricalParam) param).choices().get((int) x);
    }
}
