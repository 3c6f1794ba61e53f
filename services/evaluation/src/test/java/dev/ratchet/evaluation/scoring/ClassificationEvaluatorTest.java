package dev.ratchet.evaluation.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ratchet.evaluation.data.CsvTables;
import dev.ratchet.evaluation.data.Table;
import dev.ratchet.evaluation.metrics.Intervals.BootstrapSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The one-sweep path (what slices and the whole test set use) gives the same metrics and intervals
 * as the row path that the scikit-learn reference tests check.
 */
class ClassificationEvaluatorTest {
    @Test
    void metricsOfEveryGroupFromOneSweepEqualThoseFromItsRows() throws Exception {
        Table table = CsvTables.read(
                getClass()
                        .getResource("/fixtures/two_class_example.csv")
                        .toURI()
                        .toString(),
                Set.of("truth", "predicted"));
        List<String> labels = List.of("Class1", "Class2");
        int[] truth = codes(table.texts("truth"), labels);
        int[] predicted = codes(table.texts("predicted"), labels);
        // the positive label's scores alone: the other label's probability is their complement
        double[][] probabilities = {table.numbers("Class1"), null};
        ClassificationEvaluator evaluator = new ClassificationEvaluator(
                labels, truth, predicted, probabilities, 0, List.of(2), BootstrapSettings.DEFAULT, 10_000);

        int groups = 3;
        int[] group = new int[truth.length];
        List<List<Integer>> members = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            members.add(new ArrayList<>());
        }
        for (int r = 0; r < truth.length; r++) {
            group[r] = (r * 7) % groups;
            members.get(group[r]).add(r);
        }
        List<List<Metric>> swept = evaluator.metricsByGroup(group, groups);
        for (int g = 0; g < groups; g++) {
            assertSame(
                    evaluator.metrics(
                            members.get(g).stream().mapToInt(Integer::intValue).toArray()),
                    swept.get(g));
        }
        assertSame(
                evaluator.metrics(TaskEvaluator.all(truth.length)),
                evaluator.metricsByGroup(null, 1).get(0));
    }

    private static void assertSame(List<Metric> expected, List<Metric> actual) {
        assertEquals(
                expected.stream().map(Metric::name).toList(),
                actual.stream().map(Metric::name).toList());
        for (int m = 0; m < expected.size(); m++) {
            Metric e = expected.get(m);
            Metric a = actual.get(m);
            assertEquals(e.value(), a.value(), 1e-12, e.name());
            assertEquals(e.interval() == null, a.interval() == null, e.name());
            if (e.interval() != null) {
                assertEquals(e.interval().lower(), a.interval().lower(), 1e-12, e.name() + " lower");
                assertEquals(e.interval().upper(), a.interval().upper(), 1e-12, e.name() + " upper");
            }
        }
    }

    private static int[] codes(String[] values, List<String> labels) {
        int[] codes = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            codes[i] = labels.indexOf(values[i]);
        }
        return codes;
    }
}
