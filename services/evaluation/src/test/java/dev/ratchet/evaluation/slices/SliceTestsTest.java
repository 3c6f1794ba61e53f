package dev.ratchet.evaluation.slices;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ratchet.evaluation.data.CsvTables;
import dev.ratchet.evaluation.data.Table;
import java.io.InputStream;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The slice tests against scipy and statsmodels (src/test/python/reference_metrics.py). */
class SliceTestsTest {
    @Test
    void welchMatchesScipyOneSided() throws Exception {
        double expected;
        try (InputStream in = getClass().getResourceAsStream("/reference/reference_metrics.json")) {
            expected = new ObjectMapper()
                    .readTree(in)
                    .get("slice_tests")
                    .get("solubility_first_100_welch_p")
                    .asDouble();
        }
        Table table = CsvTables.read(
                getClass().getResource("/fixtures/solubility_test.csv").toURI().toString(), Set.of());
        double[] y = table.numbers("solubility");
        double[] p = table.numbers("prediction");
        double[] losses = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            losses[i] = Math.abs(y[i] - p[i]);
        }
        int[] first100 = new int[100];
        for (int i = 0; i < 100; i++) {
            first100[i] = i;
        }
        assertEquals(expected, new SliceTests(r -> losses[r], losses.length, false).worseThanRest(first100), 1e-9);
    }

    @Test
    void holmMatchesTheTextbookExample() {
        // p-values 0.01, 0.04, 0.03, 0.005 → sorted 0.005·4, 0.01·3, 0.03·2, 0.04·1, made monotone
        assertArrayEquals(
                new double[] {0.03, 0.06, 0.06, 0.02}, SliceTests.holm(new double[] {0.01, 0.04, 0.03, 0.005}), 1e-15);
    }
}
