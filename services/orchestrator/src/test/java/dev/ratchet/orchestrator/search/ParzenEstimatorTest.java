package dev.ratchet.orchestrator.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * TPE's densities are Optuna 3.1's: for float, log-float, stepped int, categorical, many-observation
 * (weights ramp) and multivariate estimators, the log density at fixed points equals
 * {@code _ParzenEstimator.log_pdf} (src/test/python/parzen_reference.py) to 1e-12.
 */
class ParzenEstimatorTest {
    @Test
    void logDensitiesMatchOptunas() throws Exception {
        JsonNode reference;
        try (InputStream in = getClass().getResourceAsStream("/reference/parzen.json")) {
            reference = new ObjectMapper().readTree(in);
        }
        assertEquals("3.1.0", reference.get("optuna").asText());
        assertEquals(6, reference.get("cases").size());
        for (JsonNode c : reference.get("cases")) {
            JsonNode dims = c.get("dims");
            ParzenEstimator.Dimension[] dimensions = new ParzenEstimator.Dimension[dims.size()];
            for (int d = 0; d < dims.size(); d++) {
                dimensions[d] = dimension(dims.get(d));
            }
            int n = c.get("observations").get(dims.get(0).get("name").asText()).size();
            double[][] observations = new double[n][dims.size()];
            for (int d = 0; d < dims.size(); d++) {
                JsonNode values =
                        c.get("observations").get(dims.get(d).get("name").asText());
                for (int k = 0; k < n; k++) {
                    observations[k][d] = transformed(dims.get(d), values.get(k).asDouble());
                }
            }
            ParzenEstimator estimator = new ParzenEstimator(
                    dimensions,
                    observations,
                    TpeSampler.weights(n),
                    c.get("multivariate").asBoolean());
            JsonNode expected = c.get("log_pdf");
            for (int i = 0; i < expected.size(); i++) {
                double[] x = new double[dims.size()];
                for (int d = 0; d < dims.size(); d++) {
                    x[d] = transformed(
                            dims.get(d),
                            c.get("points")
                                    .get(dims.get(d).get("name").asText())
                                    .get(i)
                                    .asDouble());
                }
                assertEquals(expected.get(i).asDouble(), estimator.logPdf(x), 1e-12, c.get("name") + " at point " + i);
            }
        }
    }

    private static ParzenEstimator.Dimension dimension(JsonNode dim) {
        String kind = dim.get("kind").asText();
        if (kind.equals("categorical")) {
            return new ParzenEstimator.Dimension(0, 0, 0, dim.get("choices").asInt());
        }
        double low = dim.get("low").asDouble();
        double high = dim.get("high").asDouble();
        boolean log = dim.get("log").asBoolean();
        if (kind.equals("int")) {
            double step = dim.get("step").asDouble();
            return log
                    ? new ParzenEstimator.Dimension(Math.log(low - 0.5), Math.log(high + 0.5), 0, 0)
                    : new ParzenEstimator.Dimension(low - step / 2, high + step / 2, step, 0);
        }
        return log
                ? new ParzenEstimator.Dimension(Math.log(low), Math.log(high), 0, 0)
                : new ParzenEstimator.Dimension(low, high, 0, 0);
    }

    private static double transformed(JsonNode dim, double value) {
        return dim.has("log") && dim.get("log").asBoolean() ? Math.log(value) : value;
    }
}
