package dev.ratchet.evaluation.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ratchet.evaluation.data.CsvTables;
import dev.ratchet.evaluation.data.Table;
import dev.ratchet.evaluation.data.TableException;
import dev.ratchet.evaluation.v1.ClassReport;
import dev.ratchet.evaluation.v1.ErrorAnalysis;
import dev.ratchet.evaluation.v1.ErrorSegment;
import dev.ratchet.evaluation.v1.EvaluationReport;
import dev.ratchet.evaluation.v1.SliceReport;
import dev.ratchet.evaluation.v1.SliceValue;
import dev.ratchet.events.v1.ConfidenceInterval;
import dev.ratchet.events.v1.ConfusionMatrixRow;
import dev.ratchet.events.v1.EvaluationOptions;
import dev.ratchet.events.v1.InlinePredictions;
import dev.ratchet.events.v1.IntervalOptions;
import dev.ratchet.events.v1.MetricValue;
import dev.ratchet.events.v1.PredictionFile;
import dev.ratchet.events.v1.PredictionSource;
import dev.ratchet.events.v1.ScoreColumn;
import dev.ratchet.events.v1.SliceSpec;
import dev.ratchet.events.v1.Task;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole evaluation, from a file to a report, on the fixtures. */
class EvaluatorTest {
    private static JsonNode reference;
    private static JsonNode golden;

    @BeforeAll
    static void load() throws IOException {
        ObjectMapper json = new ObjectMapper();
        try (InputStream in = EvaluatorTest.class.getResourceAsStream("/reference/reference_metrics.json")) {
            reference = json.readTree(in);
        }
        try (InputStream in = EvaluatorTest.class.getResourceAsStream("/fixtures/golden_metrics.json")) {
            golden = json.readTree(in);
        }
    }

    static PredictionSource file(String fixture, String label, String prediction) {
        try {
            return PredictionSource.newBuilder()
                    .setFile(PredictionFile.newBuilder()
                            .setUri(EvaluatorTest.class
                                    .getResource("/fixtures/" + fixture)
                                    .toURI()
                                    .toString())
                            .setLabelColumn(label)
                            .setPredictionColumn(prediction))
                    .build();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static MetricValue metric(List<MetricValue> metrics, String name) {
        return metrics.stream()
                .filter(m -> m.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no metric " + name + " in " + metrics));
    }

    @Test
    void aBinaryEvaluationHasEveryMetricWithItsIntervalAndTheCurves() {
        EvaluationOptions options = EvaluationOptions.newBuilder()
                .addScoreColumns(ScoreColumn.newBuilder().setLabel("Class1").setColumn("Class1"))
                .build();
        Evaluator.Result result = Evaluator.evaluate(file("two_class_example.csv", "truth", "predicted"), options);
        EvaluationReport report = result.report();
        JsonNode ref = reference.get("two_class_example");

        assertEquals(500, report.getExampleCount());
        assertEquals(ref.get("accuracy").asDouble(), result.summary().getAccuracy(), 1e-12);
        // one score column names the positive label; its complement is the other label's probability
        assertEquals(
                ref.get("roc_auc").asDouble(),
                metric(report.getMetricsList(), "roc_auc").getValue(),
                1e-9);
        assertEquals(
                ref.get("log_loss").asDouble(),
                metric(report.getMetricsList(), "log_loss").getValue(),
                1e-9);
        assertEquals(
                ref.get("f1").asDouble(), metric(report.getMetricsList(), "f1").getValue(), 1e-9);
        for (String name : List.of(
                "f2",
                "f0_5",
                "jaccard",
                "positive_likelihood_ratio",
                "negative_likelihood_ratio",
                "zero_one_loss",
                "hamming_loss")) {
            assertEquals(
                    ref.get(name).asDouble(),
                    metric(report.getMetricsList(), name).getValue(),
                    1e-9,
                    name);
        }
        assertEquals(
                ref.get("macro").get("jaccard").asDouble(),
                metric(report.getMetricsList(), "jaccard_macro").getValue(),
                1e-9);
        assertEquals(
                "delong_logit",
                metric(report.getMetricsList(), "roc_auc").getInterval().getMethod());
        assertEquals(
                ref.get("roc_auc_delong").get("ci95").get(0).asDouble(),
                metric(report.getMetricsList(), "roc_auc").getInterval().getLower(),
                1e-9);
        assertEquals(
                "wilson",
                metric(report.getMetricsList(), "accuracy").getInterval().getMethod());
        for (MetricValue m : report.getMetricsList()) {
            if (m.getName().equals("ece")) {
                // its bootstrap interval covered the population ECE far below its level: none is given
                assertFalse(m.hasInterval(), "ece has no interval");
                continue;
            }
            assertTrue(m.hasInterval(), m.getName() + " has an interval");
            assertTrue(
                    m.getInterval().getLower() <= m.getValue() + 1e-12
                            && m.getValue() <= m.getInterval().getUpper() + 1e-12,
                    m.getName() + " lies in its interval: " + m);
        }
        assertEquals(
                List.of("roc", "precision_recall", "det", "calibration"),
                report.getCurvesList().stream().map(c -> c.getKind()).toList());
        assertEquals(
                List.of(List.of(227L, 31L), List.of(50L, 192L)),
                report.getConfusionMatrix().getRowsList().stream()
                        .map(ConfusionMatrixRow::getCountsList)
                        .toList());
        assertEquals(
                golden.get("two_class_example").get("accuracy").asDouble(),
                result.summary().getAccuracy(),
                5e-7);
    }

    @Test
    void theBootstrapIsDeterministicGivenItsSeedAndAgreesWithWilsonOnAProportion() {
        EvaluationOptions options = EvaluationOptions.newBuilder()
                .setIntervals(IntervalOptions.newBuilder().setSeed(7).setBootstrapResamples(2000))
                .build();
        EvaluationReport a =
                Evaluator.evaluate(file("hpc_cv.csv", "obs", "pred"), options).report();
        EvaluationReport b =
                Evaluator.evaluate(file("hpc_cv.csv", "obs", "pred"), options).report();
        assertEquals(a.getMetricsList(), b.getMetricsList());

        // balanced accuracy is bootstrapped; micro-F1 equals accuracy and carries Wilson's interval
        MetricValue balanced = metric(a.getMetricsList(), "balanced_accuracy");
        assertEquals("bootstrap", balanced.getInterval().getMethod());
        assertEquals(2000, balanced.getInterval().getResamples());
        assertEquals(reference.get("hpc_cv").get("balanced_accuracy").asDouble(), balanced.getValue(), 1e-9);
        // the cell bootstrap of kappa and the Wilson interval of accuracy have comparable widths on 3467 rows
        MetricValue accuracy = metric(a.getMetricsList(), "accuracy");
        double wilsonWidth =
                accuracy.getInterval().getUpper() - accuracy.getInterval().getLower();
        MetricValue f1Micro = metric(a.getMetricsList(), "f1_micro");
        assertEquals(
                wilsonWidth,
                f1Micro.getInterval().getUpper() - f1Micro.getInterval().getLower(),
                1e-12);
        assertTrue(wilsonWidth > 0.025 && wilsonWidth < 0.035, "±1.5 points on 3467 rows: " + wilsonWidth);
    }

    @Test
    void slicesCarryTheirMetricsAndTheSignificanceOfBeingWorse() {
        EvaluationOptions options = EvaluationOptions.newBuilder()
                .addSlices(SliceSpec.newBuilder().addColumns("Resample"))
                .build();
        EvaluationReport report =
                Evaluator.evaluate(file("hpc_cv.csv", "obs", "pred"), options).report();
        SliceReport folds = report.getSlices(0);
        assertEquals("Resample", folds.getName());
        assertEquals(10, folds.getValuesCount());
        JsonNode accuracy = reference.get("hpc_cv").get("accuracy_by_resample");
        JsonNode p = reference.get("slice_tests").get("hpc_cv_fold_error_p");
        JsonNode holm = reference.get("slice_tests").get("hpc_cv_fold_error_p_holm");
        for (SliceValue value : folds.getValuesList()) {
            String fold = value.getName().substring("Resample=".length());
            assertEquals(
                    accuracy.get(fold).asDouble(),
                    metric(value.getMetricsList(), "accuracy").getValue(),
                    1e-9);
            assertEquals(p.get(fold).asDouble(), value.getPValue(), 1e-9, fold);
            assertEquals(holm.get(fold).asDouble(), value.getAdjustedPValue(), 1e-9, fold);
            assertFalse(value.getSignificantlyWorse());
            assertFalse(value.getUnderRepresented());
        }
        // no other column besides the label, the prediction and the probabilities: folds are the only segments
        assertTrue(
                report.getWeakSegmentsList().stream()
                        .allMatch(s -> s.getName().startsWith("Resample=")
                                || s.getName().matches("^(VF|F|M|L)=.*")),
                report.getWeakSegmentsList().toString());
    }

    @Test
    void theSummaryThatTravelsInTheEventStaysSmallHoweverManySliceValues(@TempDir Path dir) throws IOException {
        StringBuilder csv = new StringBuilder("y,p,shop\n");
        for (int i = 0; i < 5_000; i++) {
            csv.append(i % 2)
                    .append(',')
                    .append(i % 3 == 0 ? 1 - i % 2 : i % 2)
                    .append(",shop-")
                    .append(i % 1_000)
                    .append('\n');
        }
        Path file = Files.writeString(dir.resolve("p.csv"), csv);
        Evaluator.Result result = Evaluator.evaluate(
                PredictionSource.newBuilder()
                        .setFile(PredictionFile.newBuilder()
                                .setUri(file.toString())
                                .setLabelColumn("y")
                                .setPredictionColumn("p"))
                        .build(),
                EvaluationOptions.newBuilder()
                        .addSlices(SliceSpec.newBuilder().addColumns("shop"))
                        .build());

        assertEquals(1_000, result.report().getSlices(0).getValuesCount());
        assertTrue(result.report().getWarningsCount() >= 1_000, "every value is too small to measure");
        assertEquals(Evaluator.SUMMARY_WARNINGS, result.summary().getWarningsCount());
        assertEquals(
                "… and " + (result.report().getWarningsCount() - Evaluator.SUMMARY_WARNINGS + 1)
                        + " more warnings: the report has them all",
                result.summary().getWarnings(Evaluator.SUMMARY_WARNINGS - 1));
        assertTrue(
                result.summary().getSerializedSize() < 32 * 1024,
                result.summary().getSerializedSize() + " bytes");
        assertEquals(
                metric(result.report().getMetricsList(), "accuracy").getValue(),
                result.summary().getAccuracy());
        assertTrue(result.summary().hasConfusionMatrix());
    }

    @Test
    void aSmallSliceIsFlaggedAndTheSizeThatWouldSufficeIsNamed(@TempDir Path dir) throws IOException {
        StringBuilder csv = new StringBuilder("y,p,group\n");
        for (int i = 0; i < 400; i++) {
            boolean small = i < 20;
            boolean correct = small ? i % 2 == 0 : i % 10 != 0; // 50 % in the small group, 90 % elsewhere
            csv.append(i % 3 == 0 ? "a" : "b")
                    .append(',')
                    .append(correct == (i % 3 == 0) ? "a" : "b")
                    .append(',')
                    .append(small ? "small" : "large")
                    .append('\n');
        }
        Path file = Files.writeString(dir.resolve("p.csv"), csv);
        EvaluationReport report = Evaluator.evaluate(
                        PredictionSource.newBuilder()
                                .setFile(PredictionFile.newBuilder()
                                        .setUri(file.toString())
                                        .setLabelColumn("y")
                                        .setPredictionColumn("p"))
                                .build(),
                        EvaluationOptions.newBuilder()
                                .addSlices(SliceSpec.newBuilder().addColumns("group"))
                                .build())
                .report();
        SliceValue small = report.getSlices(0).getValuesList().stream()
                .filter(v -> v.getName().equals("group=small"))
                .findFirst()
                .orElseThrow();
        assertTrue(small.getUnderRepresented());
        assertTrue(small.getSignificantlyWorse(), "50 % vs 90 %: p = " + small.getAdjustedPValue());
        assertTrue(
                report.getWarningsList().stream()
                        .anyMatch(
                                w ->
                                        w.startsWith("slice group=small is too small")
                                                && w.contains(
                                                        "on 20 rows; about 385 rows would narrow it to 0.100")), // 1.96² · 0.5 · 0.5 / 0.05²
                report.getWarningsList().toString());
        assertTrue(
                report.getWarningsList().stream()
                        .anyMatch(w -> w.startsWith("slice group=small is significantly worse")),
                report.getWarningsList().toString());
        // weak-segment discovery only considers segments with the minimum rows (30): the small group is not one
        assertEquals(
                List.of("group=large"),
                report.getWeakSegmentsList().stream().map(SliceValue::getName).toList());
    }

    @Test
    void aMulticlassEvaluationWithProbabilitiesHasTopTwoAccuracyAveragePrecisionAndBrierWithIntervals() {
        EvaluationOptions.Builder options = EvaluationOptions.newBuilder()
                .setIntervals(IntervalOptions.newBuilder().setBootstrapResamples(200))
                .addAllTopK(List.of(2, 3, 4));
        for (String label : List.of("VF", "F", "M", "L")) {
            options.addScoreColumns(ScoreColumn.newBuilder().setLabel(label).setColumn(label));
        }
        List<MetricValue> metrics = Evaluator.evaluate(file("hpc_cv.csv", "obs", "pred"), options.build())
                .report()
                .getMetricsList();
        JsonNode ref = reference.get("hpc_cv");
        for (String name : List.of(
                "average_precision_ovr_macro",
                "top_2_accuracy",
                "top_3_accuracy",
                "brier_multiclass",
                "roc_auc_ovr_macro",
                "roc_auc_ovo_weighted",
                "label_ranking_average_precision")) {
            MetricValue m = metric(metrics, name);
            assertEquals(ref.get(name).asDouble(), m.getValue(), 1e-9, name);
            assertTrue(
                    m.getInterval().getLower() <= m.getValue()
                            && m.getValue() <= m.getInterval().getUpper(),
                    name);
        }
        assertEquals("wilson", metric(metrics, "top_2_accuracy").getInterval().getMethod());
        assertTrue(
                metrics.stream().noneMatch(m -> m.getName().equals("top_4_accuracy")),
                "top-k is reported for k below the number of labels only");
        assertEquals(
                "bootstrap",
                metric(metrics, "average_precision_ovr_macro").getInterval().getMethod());
    }

    @Test
    void aRankingHasEachCutOffsMetricsAsScikitLearnComputesThem(@TempDir Path dir) throws Exception {
        // the reference's ranking view of hpc_cv: a query per fold, graded relevance by class, relevant from M
        Table table =
                CsvTables.read(file("hpc_cv.csv", "obs", "pred").getFile().getUri(), Set.of("obs", "pred", "Resample"));
        List<String> grades = List.of("VF", "F", "M", "L");
        String[] observed = table.texts("obs");
        String[] fold = table.texts("Resample");
        double[] f = table.numbers("F");
        double[] m = table.numbers("M");
        double[] l = table.numbers("L");
        StringBuilder csv = new StringBuilder("query,relevance,score\n");
        for (int i = 0; i < observed.length; i++) {
            csv.append(fold[i]).append(',').append(grades.indexOf(observed[i])).append(',');
            csv.append(f[i] * 1 + m[i] * 2 + l[i] * 3).append('\n');
        }
        Path ranked = dir.resolve("ranked.csv");
        Files.writeString(ranked, csv);
        PredictionSource source = PredictionSource.newBuilder()
                .setFile(PredictionFile.newBuilder()
                        .setUri(ranked.toUri().toString())
                        .setLabelColumn("relevance")
                        .setPredictionColumn("score"))
                .build();
        EvaluationOptions options = EvaluationOptions.newBuilder()
                .setTask(Task.TASK_RANKING)
                .setQueryColumn("query")
                .addAllTopK(List.of(5, 10, 50))
                .setRelevantAtLeast(2)
                .setIntervals(IntervalOptions.newBuilder().setBootstrapResamples(50))
                .build();
        List<MetricValue> metrics = Evaluator.evaluate(source, options).report().getMetricsList();
        JsonNode ref = reference.get("hpc_cv_ranking");
        for (int k : List.of(5, 10, 50)) {
            for (String name : List.of("ndcg@", "dcg@", "map@", "precision@", "recall@")) {
                assertEquals(
                        ref.get(name + k).asDouble(), metric(metrics, name + k).getValue(), 1e-9, name + k);
            }
        }
        assertEquals(ref.get("mrr").asDouble(), metric(metrics, "mrr").getValue(), 1e-9, "mrr");
    }

    @Test
    void errorAnalysisFindsTheWorstRowsTheConfusionsAndWhereErrorsConcentrate(@TempDir Path dir) throws Exception {
        EvaluationOptions.Builder options = EvaluationOptions.newBuilder();
        for (String label : List.of("VF", "F", "M", "L")) {
            options.addScoreColumns(ScoreColumn.newBuilder().setLabel(label).setColumn(label));
        }
        ErrorAnalysis scored = Evaluator.evaluate(file("hpc_cv.csv", "obs", "pred"), options.build())
                .report()
                .getErrors();
        JsonNode worst = reference.get("hpc_cv").get("worst_rows_by_log_loss");
        for (int i = 0; i < worst.size(); i++) {
            assertEquals(worst.get(i).get("row").asLong(), scored.getWorst(i).getRow());
            assertEquals(worst.get(i).get("loss").asDouble(), scored.getWorst(i).getLoss(), 1e-9);
        }
        assertEquals(
                scored.getWorst(0).getTruth(), scored.getWorst(0).getValuesMap().get("obs"), "the row's values");

        // without the probability columns, the folds are the only feature
        List<String> lines = Files.readAllLines(
                Path.of(EvaluatorTest.class.getResource("/fixtures/hpc_cv.csv").toURI()));
        Path folds = Files.write(
                dir.resolve("folds.csv"),
                lines.stream()
                        .map(l -> {
                            String[] f = l.split(",");
                            return f[0] + "," + f[1] + "," + f[6];
                        })
                        .toList());
        ErrorAnalysis counted = Evaluator.evaluate(
                        PredictionSource.newBuilder()
                                .setFile(PredictionFile.newBuilder()
                                        .setUri(folds.toString())
                                        .setLabelColumn("obs")
                                        .setPredictionColumn("pred"))
                                .build(),
                        EvaluationOptions.getDefaultInstance())
                .report()
                .getErrors();
        // 1010 of 3467 rows are wrong; F predicted as VF is the commonest confusion
        assertEquals("F", counted.getConfusions(0).getTruth());
        assertEquals("VF", counted.getConfusions(0).getPredicted());
        assertEquals(371, counted.getConfusions(0).getCount());
        assertEquals(371.0 / 1010, counted.getConfusions(0).getShareOfErrors(), 1e-12);
        // with 0/1 losses a segment's lift is its error rate over the overall error rate
        double overall = 1 - reference.get("hpc_cv").get("accuracy").asDouble();
        ErrorSegment first = counted.getOverRepresented(0);
        String fold = first.getName().substring("Resample=".length());
        assertEquals(
                (1
                                - reference
                                        .get("hpc_cv")
                                        .get("accuracy_by_resample")
                                        .get(fold)
                                        .asDouble())
                        / overall,
                first.getLift(),
                1e-9);
        assertEquals("Resample=Fold09", first.getName(), "the fold with the lowest accuracy");
    }

    @Test
    void anAucIntervalThatMayCoverLessThanItSaysOrIsMissingIsNamedInAWarning() {
        MetricValue high = MetricValue.newBuilder()
                .setName("roc_auc")
                .setValue(0.96)
                .setInterval(ConfidenceInterval.newBuilder()
                        .setLower(0.93)
                        .setUpper(0.98)
                        .setLevel(0.95))
                .build();
        MetricValue moderate = high.toBuilder().setValue(0.85).build();
        MetricValue perfect =
                MetricValue.newBuilder().setName("roc_auc").setValue(1.0).build();

        assertEquals(
                "roc_auc's 95% interval may cover less often than stated: AUC 0.960 with 40 rows in the smaller"
                        + " class (in simulation about 92% at AUC 0.95 with 25); at least 100 rows of each class make it"
                        + " hold",
                Evaluator.aucIntervalCaveat(List.of(high), classes(40, 960)).orElseThrow());
        assertTrue(Evaluator.aucIntervalCaveat(List.of(high), classes(100, 900)).isEmpty());
        assertTrue(
                Evaluator.aucIntervalCaveat(List.of(moderate), classes(40, 960)).isEmpty());
        assertTrue(Evaluator.aucIntervalCaveat(List.of(perfect), classes(12, 988))
                .orElseThrow()
                .startsWith("roc_auc is 1.000 with 12 rows in the smaller class: no interval"));
        assertTrue(Evaluator.aucIntervalCaveat(List.of(high), List.of()).isEmpty(), "not a binary task");
    }

    private static List<ClassReport> classes(long first, long second) {
        return List.of(
                ClassReport.newBuilder().setLabel("a").setSupport(first).build(),
                ClassReport.newBuilder().setLabel("b").setSupport(second).build());
    }

    @Test
    void regressionAgreesWithScikitLearn() {
        EvaluationReport report = Evaluator.evaluate(
                        file("solubility_test.csv", "solubility", "prediction"),
                        EvaluationOptions.newBuilder()
                                .setTask(Task.TASK_REGRESSION)
                                .build())
                .report();
        JsonNode ref = reference.get("solubility_test");
        assertEquals(
                ref.get("rmse").asDouble(),
                metric(report.getMetricsList(), "rmse").getValue(),
                1e-9);
        assertEquals(
                ref.get("r2").asDouble(), metric(report.getMetricsList(), "r2").getValue(), 1e-9);
        assertEquals(
                "bootstrap",
                metric(report.getMetricsList(), "mae").getInterval().getMethod());
        assertEquals(
                ref.get("d2_absolute_error").asDouble(),
                metric(report.getMetricsList(), "d2_absolute_error").getValue(),
                1e-9);
        assertTrue(
                report.getMetricsList().stream().noneMatch(m -> m.getName().equals("msle")),
                "no MSLE for negative targets (log10 solubilities), as scikit-learn refuses them");
    }

    @Test
    void aQuantileModelGetsItsPinballLossAndATweediePowerItsDeviance() {
        EvaluationReport report = Evaluator.evaluate(
                        file("solubility_test.csv", "solubility", "prediction"),
                        EvaluationOptions.newBuilder()
                                .setTask(Task.TASK_REGRESSION)
                                .setQuantile(0.9)
                                .setTweediePower(0)
                                .build())
                .report();
        JsonNode ref = reference.get("solubility_test");
        for (String[] pair : new String[][] {
            {"pinball_loss", "pinball_loss_0.9"},
            {"d2_pinball", "d2_pinball_0.9"},
            {"d2_tweedie", "d2_tweedie_0"},
            {"mean_tweedie_deviance", "mse"}
        }) {
            MetricValue m = metric(report.getMetricsList(), pair[0]);
            assertEquals(ref.get(pair[1]).asDouble(), m.getValue(), 1e-9, pair[0]);
            assertEquals("bootstrap", m.getInterval().getMethod(), pair[0]);
        }
        EvaluationReport without = Evaluator.evaluate(
                        file("solubility_test.csv", "solubility", "prediction"),
                        EvaluationOptions.newBuilder()
                                .setTask(Task.TASK_REGRESSION)
                                .build())
                .report();
        assertTrue(
                without.getMetricsList().stream()
                        .noneMatch(m ->
                                m.getName().contains("pinball") || m.getName().contains("tweedie")),
                "without a quantile or a power, neither is reported");
    }

    @Test
    void aLabelThatIsMissingIsAnErrorThatNamesTheRow(@TempDir Path dir) throws IOException {
        Path csv = Files.writeString(dir.resolve("p.csv"), "truth,predicted\nyes,no\n,yes\n");
        TableException missing = assertThrows(
                TableException.class,
                () -> Evaluator.evaluate(
                        PredictionSource.newBuilder()
                                .setFile(PredictionFile.newBuilder()
                                        .setUri(csv.toString())
                                        .setLabelColumn("truth")
                                        .setPredictionColumn("predicted"))
                                .build(),
                        EvaluationOptions.getDefaultInstance()));
        assertTrue(missing.getMessage().contains("row 2: no value in label column 'truth'"), missing.getMessage());

        TableException column = assertThrows(
                TableException.class,
                () -> Evaluator.evaluate(
                        PredictionSource.newBuilder()
                                .setFile(PredictionFile.newBuilder()
                                        .setUri(csv.toString())
                                        .setLabelColumn("label")
                                        .setPredictionColumn("predicted"))
                                .build(),
                        EvaluationOptions.getDefaultInstance()));
        assertTrue(
                column.getMessage().contains("no column 'label'; its columns are [truth, predicted]"),
                column.getMessage());
    }

    @Test
    void inlinePredictionsGetTheLabelMetrics() {
        EvaluationReport report = Evaluator.evaluate(
                        PredictionSource.newBuilder()
                                .setInline(InlinePredictions.newBuilder()
                                        .addAllLabels(List.of("a", "a", "b"))
                                        .addAllPredictions(List.of("a", "c", "b")))
                                .build(),
                        EvaluationOptions.getDefaultInstance())
                .report();
        assertEquals(List.of("a", "b", "c"), report.getConfusionMatrix().getLabelsList());
        assertEquals(2.0 / 3, metric(report.getMetricsList(), "accuracy").getValue(), 1e-15);
        assertTrue(
                report.getWarningsList().get(0).startsWith("the test set is too small"),
                report.getWarningsList().toString());
    }
}
