package dev.ratchet.orchestrator.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The samplers: determinism, conditional parameters, ranges, and TPE's point — beating random search. */
class SamplersTest {
    static final SearchSpace BRANIN = new SearchSpace(
            List.of(new Param.FloatParam("x0", -5, 10, false, null), new Param.FloatParam("x1", 0, 15, false, null)));

    static double branin(Map<String, Object> p) {
        double x1 = ((Number) p.get("x0")).doubleValue();
        double x2 = ((Number) p.get("x1")).doubleValue();
        return Math.pow(x2 - 5.1 / (4 * Math.PI * Math.PI) * x1 * x1 + 5 / Math.PI * x1 - 6, 2)
                + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x1)
                + 10;
    }

    /** A space with a conditional parameter: `gamma` exists only for the rbf kernel. */
    static final SearchSpace CONDITIONAL = new SearchSpace(List.of(
            new Param.CategoricalParam("kernel", List.of("linear", "rbf"), null),
            new Param.FloatParam("gamma", 1e-4, 10, true, new Param.Condition("kernel", List.of("rbf"))),
            new Param.IntParam("depth", 2, 12, 2, false, null)));

    static double best(Sampler sampler, SearchSpace space, ToDoubleFunction<Map<String, Object>> f, int trials) {
        List<Trial> completed = new ArrayList<>();
        double best = Double.POSITIVE_INFINITY;
        for (int n = 0; n < trials; n++) {
            Map<String, Object> params = sampler.suggest(space, completed, n);
            double value = f.applyAsDouble(params);
            completed.add(new Trial(n, params, value));
            best = Math.min(best, value);
        }
        return best;
    }

    @Test
    void theSameSeedAndHistoryGiveTheSameSuggestion() {
        for (Sampler sampler : List.of(
                new RandomSampler(5),
                new SobolSampler(5),
                new TpeSampler(5, false),
                new TpeSampler(5, true),
                new CmaEsSampler(5),
                new EvolutionarySampler(5))) {
            List<Trial> history = new ArrayList<>();
            for (int n = 0; n < 15; n++) {
                Map<String, Object> p = sampler.suggest(BRANIN, history, n);
                assertEquals(
                        p,
                        sampler.suggest(BRANIN, history, n),
                        sampler.getClass().getSimpleName());
                history.add(new Trial(n, p, branin(p)));
            }
            assertNotEquals(sampler.suggest(BRANIN, history, 15), sampler.suggest(BRANIN, history, 16));
        }
    }

    /**
     * A long-lived TPE sampler indexes only the trials appended since its last call; its suggestions
     * equal a new sampler's over the same trials in shuffled order — with trials finishing out of
     * number order, tied losses, repeated integer values and a conditional parameter.
     */
    @Test
    void tpeSuggestsFromItsIndexAsFromScratchWhateverTheOrder() {
        SearchSpace mixed = new SearchSpace(List.of(
                new Param.FloatParam("x", -5, 10, false, null),
                new Param.IntParam("depth", 2, 12, 2, false, null),
                new Param.CategoricalParam("kernel", List.of("linear", "rbf", "poly"), null),
                new Param.FloatParam("gamma", 1e-4, 10, true, new Param.Condition("kernel", List.of("rbf")))));
        for (SearchSpace space : List.of(mixed, new SearchSpace(mixed.params().subList(0, 3)))) {
            for (boolean multivariate : new boolean[] {false, true}) {
                TpeSampler kept = new TpeSampler(11, multivariate);
                List<Trial> finished = new ArrayList<>();
                List<Trial> running = new ArrayList<>();
                java.util.Random order = new java.util.Random(3);
                for (int n = 0; n < 120; n++) {
                    Map<String, Object> p = kept.suggest(space, finished, n);
                    List<Trial> shuffled = new ArrayList<>(finished);
                    java.util.Collections.shuffle(shuffled, order);
                    assertEquals(
                            new TpeSampler(11, multivariate).suggest(space, shuffled, n),
                            p,
                            "trial " + n + (multivariate ? " multivariate" : ""));
                    // losses rounded to tie; three trials run at once and finish in any order
                    double loss =
                            Math.round(((Number) p.get("x")).doubleValue() * ((Number) p.get("depth")).doubleValue());
                    running.add(new Trial(n, p, loss));
                    if (running.size() == 3) {
                        finished.add(running.remove(order.nextInt(3)));
                    }
                }
            }
        }
    }

    @Test
    void valuesStayInTheirRangesAndConditionalParametersAppearOnlyWithTheirParent() {
        for (Sampler sampler : List.of(
                new RandomSampler(1), new SobolSampler(1), new TpeSampler(1, false), new EvolutionarySampler(1))) {
            List<Trial> history = new ArrayList<>();
            for (int n = 0; n < 60; n++) {
                Map<String, Object> p = sampler.suggest(CONDITIONAL, history, n);
                String kernel = (String) p.get("kernel");
                assertEquals(kernel.equals("rbf"), p.containsKey("gamma"), p.toString());
                if (p.containsKey("gamma")) {
                    double gamma = (Double) p.get("gamma");
                    assertTrue(gamma >= 1e-4 && gamma <= 10, p.toString());
                }
                long depth = (Long) p.get("depth");
                assertTrue(depth >= 2 && depth <= 12 && depth % 2 == 0, p.toString());
                // the best: rbf with gamma near 0.1 and depth 6
                double loss = (kernel.equals("rbf") ? Math.pow(Math.log10((Double) p.get("gamma")) + 1, 2) : 1)
                        + Math.abs(depth - 6) / 10.0;
                history.add(new Trial(n, p, loss));
            }
            assertTrue(
                    history.stream().mapToDouble(Trial::loss).min().orElseThrow() < 0.5,
                    sampler.getClass().getSimpleName());
        }
    }

    @Test
    void tpeBeatsRandomSearchOnBraninAcrossSeeds() {
        int seeds = 20;
        double[] tpe = new double[seeds];
        double[] random = new double[seeds];
        for (int s = 0; s < seeds; s++) {
            tpe[s] = best(new TpeSampler(s, false), BRANIN, SamplersTest::branin, 60) - 0.397887;
            random[s] = best(new RandomSampler(s), BRANIN, SamplersTest::branin, 60) - 0.397887;
        }
        Arrays.sort(tpe);
        Arrays.sort(random);
        assertTrue(
                tpe[seeds / 2] < random[seeds / 2] / 2,
                "median regret: TPE " + tpe[seeds / 2] + ", random " + random[seeds / 2]);
    }

    @Test
    void cmaEsBeatsRandomSearchOnRosenbrockAndItsStateComesBackFromTheHistory() {
        SearchSpace rosenbrock = new SearchSpace(List.of(
                new Param.FloatParam("x0", -5, 10, false, null),
                new Param.FloatParam("x1", -5, 10, false, null),
                new Param.FloatParam("x2", -5, 10, false, null)));
        ToDoubleFunction<Map<String, Object>> f = p -> {
            double sum = 0;
            for (int i = 0; i < 2; i++) {
                double a = (Double) p.get("x" + i);
                double b = (Double) p.get("x" + (i + 1));
                sum += 100 * Math.pow(b - a * a, 2) + Math.pow(1 - a, 2);
            }
            return sum;
        };
        int seeds = 10;
        double[] cma = new double[seeds];
        double[] random = new double[seeds];
        for (int s = 0; s < seeds; s++) {
            cma[s] = best(new CmaEsSampler(s), rosenbrock, f, 150);
            random[s] = best(new RandomSampler(s), rosenbrock, f, 150);
        }
        Arrays.sort(cma);
        Arrays.sort(random);
        assertTrue(
                cma[seeds / 2] < random[seeds / 2] / 5,
                "median best: CMA-ES " + cma[seeds / 2] + ", random " + random[seeds / 2]);
    }

    @Test
    void theGridVisitsEveryCombinationOnceInASeededOrder() {
        GridSampler grid = new GridSampler(3, 4);
        SearchSpace space = new SearchSpace(List.of(
                new Param.FloatParam("lr", 1e-3, 1, true, null),
                new Param.IntParam("depth", 2, 6, 2, false, null),
                new Param.CategoricalParam("kind", List.of("a", "b"), null)));
        assertEquals(
                List.of(1e-3, 1e-2, 0.1, 1.0),
                grid.values(space.params().get(0)).stream()
                        .map(v -> Math.round((Double) v * 1e6) / 1e6)
                        .toList());
        assertEquals(4 * 3 * 2, grid.size(space));
        Set<Map<String, Object>> seen = new HashSet<>();
        for (int n = 0; n < 24; n++) {
            assertTrue(seen.add(grid.suggest(space, List.of(), n)), "combination " + n + " is new");
        }
        assertEquals(grid.suggest(space, List.of(), 0), grid.suggest(space, List.of(), 24), "then it repeats");
        GridSampler other = new GridSampler(4, 4);
        assertNotEquals(
                IntStream.range(0, 6)
                        .mapToObj(n -> grid.suggest(space, List.of(), n))
                        .toList(),
                IntStream.range(0, 6)
                        .mapToObj(n -> other.suggest(space, List.of(), n))
                        .toList(),
                "another seed, another order");
    }

    /**
     * With constraints, TPE's good set is Optuna 3.1's (`_split_observation_pairs` with violations,
     * computed for these trials): the lowest losses among the feasible, and when fewer than the good
     * set's size are feasible, all of them and then the least violating — whatever their losses.
     */
    @Test
    void tpesGoodTrialsAreTheBestFeasibleThenTheLeastViolating() {
        double[] losses = {5.0, 1.0, 3.0, 0.5, 4.0, 2.0, 0.1, 6.0, 7.0, 8.0};
        double[][] violations = {{0, 0.2, 0, 0.7, 0.1, 0.4, 0.3, 0.5, 0.6, 0.9}, {0, 0, 0, 0.7, 0, 0, 0.3, 0, 0, 0.9}};
        int[][] optunasBelow = {{0, 2, 4}, {1, 2, 5}};
        SearchSpace space = new SearchSpace(List.of(new Param.FloatParam("x", 0, 1, false, null)));
        for (int c = 0; c < violations.length; c++) {
            TpeHistory history = new TpeHistory(space);
            List<Trial> trials = new ArrayList<>();
            for (int n = losses.length - 1; n >= 0; n--) { // told out of order: the ranking must not depend on it
                trials.add(new Trial(n, Map.of("x", n / 10.0), losses[n], violations[c][n]));
            }
            history.addNew(trials);
            assertArrayEquals(optunasBelow[c], history.best(0, 3), "case " + c);
        }
    }

    /**
     * Branin with the constraint x0 ≤ 0, which rules out two of its three minima (x0 = π and 9.42):
     * TPE learns where the feasible trials are — of its last 40 suggestions 38 to 40 are feasible
     * (random search: a third; TPE told no violations: 0 or 1 for four of these five seeds).
     */
    @Test
    void tpeSuggestsMostlyFeasibleTrialsOnceItHasSeenSome() {
        for (long seed = 1; seed <= 5; seed++) {
            TpeSampler tpe = new TpeSampler(seed, false);
            List<Trial> completed = new ArrayList<>();
            int feasible = 0;
            for (int n = 0; n < 60; n++) {
                Map<String, Object> p = tpe.suggest(BRANIN, completed, n);
                double constraint = (Double) p.get("x0");
                completed.add(new Trial(n, p, branin(p), Math.max(0, constraint)));
                feasible += n >= 20 && constraint <= 0 ? 1 : 0;
            }
            assertTrue(feasible >= 35, "seed " + seed + ": " + feasible + " of the last 40 feasible");
        }
    }

    @Test
    void optunasDefaultWeightsRampOlderTrials() {
        assertEquals(
                List.of(1.0, 1.0), Arrays.stream(TpeSampler.weights(2)).boxed().toList());
        double[] w = TpeSampler.weights(30); // np.linspace(1/30, 1, 5) then 25 ones
        assertEquals(1.0 / 30, w[0], 1e-15);
        assertEquals(1.0 / 30 + (1 - 1.0 / 30) / 4, w[1], 1e-15);
        assertEquals(1.0, w[4], 1e-15);
        assertEquals(1.0, w[29], 1e-15);
    }

    @Test
    void badSpacesAreRejectedWithWhatToFix() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new SearchSpace(List.of()))
                .getMessage()
                .contains("empty"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Param.FloatParam("lr", 0, 1, true, null))
                .getMessage()
                .contains("low > 0 for log"));
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> new SearchSpace(List.of(
                                new Param.FloatParam(
                                        "gamma", 1, 2, false, new Param.Condition("kernel", List.of("rbf"))),
                                new Param.CategoricalParam("kernel", List.of("rbf"), null))))
                .getMessage()
                .contains("must be declared before it"));
        assertFalse(CONDITIONAL.params().isEmpty());
    }

    @Test
    void infiniteBoundsAndParentValuesTheParentNeverTakesAreRefused() {
        for (double[] bounds : new double[][] {
            {0, Double.POSITIVE_INFINITY},
            {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY},
            {Double.NaN, 1},
            {-Double.MAX_VALUE, Double.MAX_VALUE}
        }) {
            assertTrue(
                    assertThrows(
                                    IllegalArgumentException.class,
                                    () -> new Param.FloatParam("x", bounds[0], bounds[1], false, null))
                            .getMessage()
                            .contains("must be finite numbers"),
                    bounds[0] + ".." + bounds[1]);
        }
        Param kernel = new Param.CategoricalParam("kernel", List.of("linear", "rbf"), null);
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> new SearchSpace(List.of(
                                kernel,
                                new Param.FloatParam(
                                        "gamma", 1, 2, false, new Param.Condition("kernel", List.of("rbf", "poly"))))))
                .getMessage()
                .contains("parent value 'poly' is not one of 'kernel''s choices [linear, rbf]"));
        Param layers = new Param.IntParam("layers", 1, 7, 2, false, null);
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> new SearchSpace(List.of(
                                layers,
                                new Param.FloatParam(
                                        "dropout", 0, 1, false, new Param.Condition("layers", List.of("2"))))))
                .getMessage()
                .contains("parent value '2' is not a value 'layers' takes (integers 1 to 7 in steps of 2)"));
        new SearchSpace(List.of(
                layers,
                new Param.FloatParam("dropout", 0, 1, false, new Param.Condition("layers", List.of("3", "7")))));
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> new SearchSpace(List.of(
                                new Param.FloatParam("lr", 0, 1, false, null),
                                new Param.FloatParam(
                                        "momentum", 0, 1, false, new Param.Condition("lr", List.of("0.5"))))))
                .getMessage()
                .contains("its parent 'lr' is a float"));
    }
}
