package dev.ratchet.orchestrator.search;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

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
    /**
     * From this many completed trials a suggestion runs in parallel: a univariate one fits its
     * parameters at once, a multivariate one scores its candidates at once.
     */
    static final int PARALLEL_FROM = 500;

    private final long seed;
    private final boolean multivariate;
    /** The history last seen, indexed; reused while each call's history extends it. Guarded by this. */
    private TpeHistory history;

    public TpeSampler(long seed, boolean multivariate) {
        this.seed = seed;
        this.multivariate = multivariate;
    }

    /**
     * Keep one sampler per study and pass it the completed trials with the new ones appended: it then
     * indexes only those (any other list is indexed afresh). The order of the list does not matter —
     * ties are broken by trial number —, so a restarted service asks the same questions.
     */
    @Override
    public synchronized Map<String, Object> suggest(SearchSpace space, List<Trial> completed, int trialNumber) {
        SplittableRandom random = Seeds.forTrial(seed, trialNumber);
        if (completed.size() < STARTUP_TRIALS) {
            return space.sampleUniformly(random);
        }
        if (history == null || !history.continues(space, completed)) {
            history = new TpeHistory(space);
        }
        history.addNew(completed);
        List<Param> params = space.params();
        if (multivariate && params.stream().allMatch(p -> p.condition() == null)) {
            int[] all = IntStream.range(0, params.size()).toArray();
            double[] x = best(all, params.toArray(Param[]::new), true, random);
            Map<String, Object> chosen = new LinkedHashMap<>();
            for (int d = 0; d < params.size(); d++) {
                chosen.put(params.get(d).name(), fromTransformed(params.get(d), x[d]));
            }
            return chosen;
        }
        // Each parameter on its own random stream, so they can be suggested at once: with thousands of
        // trials each takes a millisecond, and a suggestion's latency is what an ask waits for.
        long[] streams = new long[params.size()];
        for (int p = 0; p < streams.length; p++) {
            streams[p] = random.nextLong();
        }
        Object[] values = new Object[params.size()];
        IntStream each = IntStream.range(0, params.size());
        (history.size() >= PARALLEL_FROM ? each.parallel() : each).forEach(p -> {
            SplittableRandom own = new SplittableRandom(streams[p]);
            Param param = params.get(p);
            values[p] = history.count(p) < STARTUP_TRIALS
                    ? SearchSpace.uniform(param, own)
                    : fromTransformed(param, best(new int[] {p}, new Param[] {param}, false, own)[0]);
        });
        return space.sample((param, chosen) -> values[params.indexOf(param)]);
    }

    /**
     * Splits the trials that have the first of these parameters into the good (the best
     * min(⌈0.1·n⌉, 25)) and the rest, fits a density to each and returns the best of the candidates
     * drawn from the good one.
     */
    private double[] best(int[] columns, Param[] params, boolean joint, SplittableRandom random) {
        ParzenEstimator.Dimension[] dims = new ParzenEstimator.Dimension[params.length];
        for (int d = 0; d < params.length; d++) {
            dims[d] = dimension(params[d]);
        }
        int n = history.count(columns[0]);
        int[] below = history.best(columns[0], Math.min((int) Math.ceil(0.1 * n), 25));
        ParzenEstimator l =
                new ParzenEstimator(dims, history.observations(columns, below), weights(below.length), joint);
        ToDoubleFunction<double[]> g;
        if (!joint && !dims[0].categorical()) {
            SortedMixture above = history.sortedMixture(columns[0], dims[0], below);
            g = x -> above.logPdf(x[0]);
        } else {
            int[] rest = history.rest(columns[0], below);
            g = new ParzenEstimator(dims, history.observations(columns, rest), weights(rest.length), joint)::logPdf;
        }
        double[][] candidates = new double[CANDIDATES][];
        for (int c = 0; c < CANDIDATES; c++) {
            candidates[c] = l.sample(random);
        }
        double[] scores = new double[CANDIDATES];
        IntStream each = IntStream.range(0, CANDIDATES);
        // a joint density is one fit for all parameters: its candidates are what can run at once
        (joint && n >= PARALLEL_FROM ? each.parallel() : each)
                .forEach(c -> scores[c] = l.logPdf(candidates[c]) - g.applyAsDouble(candidates[c]));
        int best = 0;
        for (int c = 1; c < CANDIDATES; c++) {
            if (scores[c] > scores[best]) {
                best = c;
            }
        }
        return candidates[best];
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
            return f.log()
                    ? new ParzenEstimator.Dimension(Math.log(f.low()), Math.log(f.high()), 0, 0)
                    : new ParzenEstimator.Dimension(f.low(), f.high(), 0, 0);
        }
        if (param instanceof Param.IntParam i) {
            return i.log()
                    ? new ParzenEstimator.Dimension(Math.log(i.low() - 0.5), Math.log(i.high() + 0.5), 0, 0)
                    : new ParzenEstimator.Dimension(i.low() - i.step() / 2.0, i.high() + i.step() / 2.0, i.step(), 0);
        }
        return new ParzenEstimator.Dimension(
                0, 0, 0, ((Param.CategoricalParam) param).choices().size());
    }

    static double toTransformed(Param param, Object value) {
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
