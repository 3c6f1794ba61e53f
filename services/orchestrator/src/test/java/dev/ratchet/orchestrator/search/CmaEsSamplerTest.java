package dev.ratchet.orchestrator.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * CMA-ES's updates are the cmaes library's (the one Optuna's CmaEsSampler drives): told the same
 * eight generations of points and losses, the mean, step size and covariance equal those of cmaes
 * 0.9.1 (src/test/python/cma_reference.py) to 1e-10, in 2 and 6 dimensions.
 */
class CmaEsSamplerTest {
    @Test
    void theStateFollowsTheCmaesLibraryGenerationByGeneration() throws Exception {
        JsonNode reference;
        try (InputStream in = getClass().getResourceAsStream("/reference/cma.json")) {
            reference = new ObjectMapper().readTree(in);
        }
        assertEquals("0.9.1", reference.get("cmaes").asText());
        for (JsonNode c : reference.get("cases")) {
            int n = c.get("n").asInt();
            CmaEsSampler.State state = new CmaEsSampler.State(n);
            assertEquals(c.get("population").asInt(), state.lambda);
            int generation = 0;
            for (JsonNode g : c.get("generations")) {
                double[][] xs = new double[state.lambda][n];
                double[] losses = new double[state.lambda];
                for (int k = 0; k < state.lambda; k++) {
                    for (int i = 0; i < n; i++) {
                        xs[k][i] = g.get("xs").get(k).get(i).asDouble();
                    }
                    losses[k] = g.get("losses").get(k).asDouble();
                }
                state.tell(xs, losses);
                String where = n + " dimensions, generation " + ++generation;
                assertEquals(
                        g.get("sigma").asDouble(),
                        state.sigma,
                        1e-10 * g.get("sigma").asDouble(),
                        where);
                for (int i = 0; i < n; i++) {
                    assertEquals(g.get("mean").get(i).asDouble(), state.mean[i], 1e-10, where + ", mean " + i);
                    for (int j = 0; j < n; j++) {
                        assertEquals(
                                g.get("C").get(i).get(j).asDouble(),
                                state.c[i][j],
                                1e-10,
                                where + ", C " + i + "," + j);
                    }
                }
            }
        }
    }
}
