package dev.ratchet.orchestrator.pruning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The pruners decide as Optuna 3.1's do: thirty learning curves reported trial after trial, the
 * step each trial is pruned at compared with Optuna's median, successive-halving and Hyperband
 * pruners (src/test/python/pruner_reference.py).
 */
class PrunersTest {
    private final JsonNode reference = load();

    @Test
    void theMedianRuleSuccessiveHalvingAndHyperbandPruneWhereOptunaDoes() {
        assertEquals("3.1.0", reference.get("optuna").asText());
        assertEquals(6, reference.get("cases").size());
        for (JsonNode c : reference.get("cases")) {
            Pruner pruner = switch (c.get("pruner").asText()) {
                case "median" ->
                    new MedianPruner(
                            c.get("startup_trials").asInt(),
                            c.get("warmup_steps").asLong());
                case "successive_halving" ->
                    new SuccessiveHalvingPruner(
                            c.get("min_resource").asLong(),
                            c.get("reduction_factor").asInt(),
                            c.get("min_early_stopping_rate").asInt());
                default ->
                    new HyperbandPruner(
                            c.get("min_resource").asLong(),
                            c.get("max_resource").asLong(),
                            c.get("reduction_factor").asInt());
            };
            boolean maximize = c.get("direction").asText().equals("maximize");
            List<Integer> expected = new ArrayList<>();
            c.get("pruned_at").forEach(n -> expected.add(n.asInt()));
            String name = c.has("study_name") ? c.get("study_name").asText() : "reference";
            assertEquals(expected, simulate(pruner, maximize, name), c.toString());
        }
    }

    /** Optuna's brackets for max_resource 64, η 3: four, budgets 27, 12, 6, 4 (⌈4·3^s / (s + 1)⌉). */
    @Test
    void hyperbandSplitsTheTrialsIntoOptunasBrackets() {
        HyperbandPruner pruner = new HyperbandPruner(1, 64, 3);
        assertEquals(4, pruner.brackets());
        int[] sizes = new int[4];
        for (int n = 0; n < 4900; n++) {
            sizes[pruner.bracketOf("hyperband-reference", n)]++;
        }
        assertEquals(27 / 49.0, sizes[0] / 4900.0, 0.03);
        assertEquals(4 / 49.0, sizes[3] / 4900.0, 0.03);
    }

    @Test
    void theMedianRuleWaitsForItsStartupTrialsAndWarmup() {
        Study study = new Study();
        for (int i = 0; i < 2; i++) {
            study.complete(List.of(1.0, 1.0, 1.0));
        }
        MedianPruner pruner = new MedianPruner(3, 1);
        assertFalse(pruner.prune(2, 5.0, 5.0, study.history(99)).isPresent(), "only 2 of 3 startup trials");
        study.complete(List.of(1.0, 1.0, 1.0));
        assertFalse(pruner.prune(0, 5.0, 5.0, study.history(99)).isPresent(), "step 0 is in the warmup");
        assertTrue(pruner.prune(1, 5.0, 5.0, study.history(99)).isPresent());
        assertFalse(pruner.prune(1, 5.0, 1.0, study.history(99)).isPresent(), "its best so far equals the median");
    }

    @Test
    void medianIgnoresNaNAsNumpysNanpercentile() {
        assertEquals(2.5, MedianPruner.median(List.of(4.0, Double.NaN, 1.0, 2.0, 3.0)), 0);
        assertTrue(Double.isNaN(MedianPruner.median(List.of(Double.NaN))));
    }

    /** Runs the curves as Optuna's reference script does: a trial reports until pruned, then the next starts. */
    private List<Integer> simulate(Pruner pruner, boolean maximize, String studyName) {
        double sign = maximize ? -1 : 1;
        Study study = new Study(studyName);
        List<Integer> prunedAt = new ArrayList<>();
        int number = 0;
        for (JsonNode curveNode : reference.get("curves")) {
            List<Double> reported = new ArrayList<>();
            int pruned = -1;
            double best = Double.NaN;
            Pruner.History history = study.history(number);
            for (int step = 0; step < curveNode.size(); step++) {
                double raw = curveNode.get(step).isNull()
                        ? Double.NaN
                        : maximize
                                ? -curveNode.get(step).asDouble()
                                : curveNode.get(step).asDouble();
                reported.add(raw);
                double loss = sign * raw;
                if (!Double.isNaN(loss) && (Double.isNaN(best) || loss < best)) {
                    best = loss;
                }
                Optional<String> reason = pruner.prune(step, loss, best, history);
                if (reason.isPresent()) {
                    pruned = step;
                    break;
                }
            }
            double last = reported.get(reported.size() - 1);
            if (pruned < 0 && !Double.isNaN(last)) {
                study.complete(reported.stream().map(v -> sign * v).toList());
            }
            prunedAt.add(pruned);
            number++;
        }
        return prunedAt;
    }

    /** A study in memory: completed trials' loss curves and the values recorded at each rung. */
    private static final class Study {
        final String name;
        final List<List<Double>> completed = new ArrayList<>();
        final Map<Integer, Map<Integer, Double>> rungs = new HashMap<>();

        Study(String name) {
            this.name = name;
        }

        Study() {
            this("reference");
        }

        void complete(List<Double> losses) {
            completed.add(losses);
        }

        Pruner.History history(int trial) {
            return new Pruner.History() {
                @Override
                public String studyName() {
                    return name;
                }

                @Override
                public int trialNumber() {
                    return trial;
                }

                @Override
                public int completedTrials() {
                    return completed.size();
                }

                @Override
                public List<Double> completedValuesAt(long step) {
                    return completed.stream()
                            .filter(c -> c.size() > step)
                            .map(c -> c.get((int) step))
                            .toList();
                }

                @Override
                public int rungsPassed() {
                    return (int) rungs.values().stream()
                            .filter(r -> r.containsKey(trial))
                            .count();
                }

                @Override
                public List<Double> recordRung(int rung, double value) {
                    Map<Integer, Double> values = rungs.computeIfAbsent(rung, r -> new HashMap<>());
                    values.putIfAbsent(trial, value);
                    return List.copyOf(values.values());
                }
            };
        }
    }

    private static JsonNode load() {
        try (InputStream in = PrunersTest.class.getResourceAsStream("/reference/pruners.json")) {
            return new ObjectMapper().readTree(in);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
