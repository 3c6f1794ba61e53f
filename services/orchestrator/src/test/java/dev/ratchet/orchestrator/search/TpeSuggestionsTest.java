package dev.ratchet.orchestrator.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hipparchus.stat.inference.KolmogorovSmirnovTest;
import org.hipparchus.stat.inference.MannWhitneyUTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TPE's whole suggestion, not only its densities, is distributed as Optuna 3.1's: from the same
 * fixed history (120 trials of Optuna's TPE on Styblinski-Tang-8), 2,000 suggestions each — one per
 * seed — agree per parameter (two-sample Kolmogorov–Smirnov) and in the objective value they reach
 * (Mann–Whitney), at p ≥ 0.001. This holds the split into good and bad, the weights, the prior, the
 * candidates' draws and the choice among them to Optuna's (reference from
 * src/test/python/tpe_suggestion_reference.py, Debian's python3-optuna).
 */
class TpeSuggestionsTest {
    private static final double LEAST_P = 0.001;

    @ParameterizedTest
    @ValueSource(strings = {"univariate", "multivariate"})
    void suggestionsFromAFixedHistoryAreDistributedAsOptunas(String mode) throws IOException {
        JsonNode reference;
        try (InputStream in = getClass().getResourceAsStream("/reference/tpe-suggestions.json")) {
            reference = new ObjectMapper().readTree(in);
        }
        assertEquals("3.1.0", reference.get("optuna").asText());
        JsonNode data = reference.get(mode);
        List<Param> params = new ArrayList<>();
        for (int d = 0; d < 8; d++) {
            params.add(new Param.FloatParam("x" + d, -5, 5, false, null));
        }
        SearchSpace space = new SearchSpace(params);
        List<Trial> history = new ArrayList<>();
        for (JsonNode row : data.get("history")) {
            Map<String, Object> values = new LinkedHashMap<>();
            for (int d = 0; d < 8; d++) {
                values.put("x" + d, row.get(d).asDouble());
            }
            history.add(new Trial(history.size(), values, row.get(8).asDouble()));
        }
        int n = data.get("suggestions").size();
        double[][] optuna = new double[8][n];
        double[][] ratchet = new double[8][n];
        double[] optunaValues = new double[n];
        double[] ratchetValues = new double[n];
        for (int s = 0; s < n; s++) {
            Map<String, Object> suggestion =
                    new TpeSampler(s, mode.equals("multivariate")).suggest(space, history, history.size());
            for (int d = 0; d < 8; d++) {
                optuna[d][s] = data.get("suggestions").get(s).get(d).asDouble();
                ratchet[d][s] = (Double) suggestion.get("x" + d);
            }
            optunaValues[s] = styblinskiTang(optuna, s);
            ratchetValues[s] = styblinskiTang(ratchet, s);
        }
        for (int d = 0; d < 8; d++) {
            double p = new KolmogorovSmirnovTest().kolmogorovSmirnovTest(ratchet[d], optuna[d]);
            assertTrue(p >= LEAST_P, mode + " x" + d + ": Kolmogorov–Smirnov p = " + p);
        }
        double p = new MannWhitneyUTest().mannWhitneyUTest(ratchetValues, optunaValues);
        assertTrue(p >= LEAST_P, mode + ": the values reached differ, Mann–Whitney p = " + p);
    }

    private static double styblinskiTang(double[][] x, int s) {
        double sum = 0;
        for (double[] dimension : x) {
            double v = dimension[s];
            sum += Math.pow(v, 4) - 16 * v * v + 5 * v;
        }
        return sum / 2;
    }
}
