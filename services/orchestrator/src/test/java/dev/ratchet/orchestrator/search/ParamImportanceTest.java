package dev.ratchet.orchestrator.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.hipparchus.stat.inference.OneWayAnova;
import org.junit.jupiter.api.Test;

class ParamImportanceTest {
    /** η² from a one-way ANOVA's F (Hipparchus): η² = F(k−1) / (F(k−1) + n − k). */
    @Test
    void etaSquaredAgreesWithTheAnovaFStatistic() {
        SplittableRandom random = new SplittableRandom(5);
        List<double[]> groups = new ArrayList<>();
        for (int g = 0; g < 4; g++) {
            double[] values = new double[5 + g * 3];
            for (int i = 0; i < values.length; i++) {
                values[i] = g * 0.7 + random.nextGaussian();
            }
            groups.add(values);
        }
        int n = groups.stream().mapToInt(g -> g.length).sum();
        int k = groups.size();
        double f = new OneWayAnova().anovaFValue(groups);
        assertEquals(f * (k - 1) / (f * (k - 1) + n - k), ParamImportance.etaSquared(groups), 1e-12);
    }

    @Test
    void theParameterThatDrivesTheObjectiveRanksFirstAndNoiseLast() {
        SearchSpace space = new SearchSpace(List.of(
                new Param.FloatParam("strong", 0, 1, false, null),
                new Param.FloatParam("weak", 0, 1, false, null),
                new Param.CategoricalParam("kind", List.of("a", "b", "c"), null),
                new Param.FloatParam("noise", 0, 1, false, null)));
        SplittableRandom random = new SplittableRandom(11);
        List<Trial> trials = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            Map<String, Object> p = space.sampleUniformly(random);
            double kind = switch ((String) p.get("kind")) {
                case "a" -> 0;
                case "b" -> 1.5;
                default -> 3;
            };
            double loss =
                    10 * (double) p.get("strong") + kind + 1 * (double) p.get("weak") + 0.1 * random.nextGaussian();
            trials.add(new Trial(i, p, loss));
        }
        Map<String, Double> importance = ParamImportance.of(space, trials);
        assertEquals(List.of("strong", "kind", "weak", "noise"), List.copyOf(importance.keySet()));
        assertEquals(
                1.0,
                importance.values().stream().mapToDouble(Double::doubleValue).sum(),
                1e-12);
        assertTrue(importance.get("noise") < 0.05, importance.toString());
    }

    @Test
    void tooFewTrialsMeasureNothing() {
        SearchSpace space = new SearchSpace(List.of(new Param.FloatParam("x", 0, 1, false, null)));
        assertTrue(ParamImportance.of(space, List.of(new Trial(0, Map.of("x", 0.5), 1.0)))
                .isEmpty());
    }
}
