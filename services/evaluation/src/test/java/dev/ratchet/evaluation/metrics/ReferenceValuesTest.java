package dev.ratchet.evaluation.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ratchet.evaluation.data.CsvTables;
import dev.ratchet.evaluation.data.Table;
import dev.ratchet.evaluation.scoring.ClassificationEvaluator;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every metric against the values scikit-learn, statsmodels and textbook formulas give on the same
 * fixtures (src/test/python/reference_metrics.py), to 1e-9 (relative above 1).
 */
class ReferenceValuesTest {
    private static final double TOLERANCE = 1e-9;
    private static JsonNode reference;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = ReferenceValuesTest.class.getResourceAsStream("/reference/reference_metrics.json")) {
            reference = new ObjectMapper().readTree(in);
        }
    }

    static Table fixture(String name) {
        try {
            return CsvTables.read(
                    ReferenceValuesTest.class
                            .getResource("/fixtures/" + name)
                            .toURI()
                            .toString(),
                    Set.of());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static int[] codes(String[] values, List<String> labels) {
        int[] codes = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            codes[i] = labels.indexOf(values[i]);
        }
        return codes;
    }

    /** Within 1e-9, relative for magnitudes above 1 (MAPE with a zero target is ~1e13). */
    private static void near(JsonNode expected, double actual, String what) {
        double e = expected.asDouble();
        assertEquals(e, actual, TOLERANCE * Math.max(1, Math.abs(e)), what);
    }

    private static void assertLabelMetrics(JsonNode ref, ConfusionCounts counts) {
        near(ref.get("accuracy"), counts.accuracy(), "accuracy");
        near(ref.get("balanced_accuracy"), counts.balancedAccuracy(), "balanced accuracy");
        near(ref.get("cohen_kappa"), counts.cohenKappa(), "kappa");
        near(ref.get("mcc"), counts.mcc(), "mcc");
        for (int c = 0; c < counts.size(); c++) {
            JsonNode perClass = ref.get("per_class").get(counts.labels().get(c));
            near(
                    perClass.get("precision"),
                    counts.precision(c),
                    "precision " + counts.labels().get(c));
            near(
                    perClass.get("recall"),
                    counts.recall(c),
                    "recall " + counts.labels().get(c));
            near(perClass.get("f1"), counts.f1(c), "f1 " + counts.labels().get(c));
            assertEquals(perClass.get("support").asLong(), counts.support(c));
            for (int p = 0; p < counts.size(); p++) {
                assertEquals(ref.get("confusion_matrix").get(c).get(p).asLong(), counts.counts()[c][p]);
            }
        }
        assertAverage(ref.get("macro"), counts.macro());
        assertAverage(ref.get("micro"), counts.micro());
        assertAverage(ref.get("weighted"), counts.weighted());
        near(ref.get("macro").get("jaccard"), counts.jaccardMacro(), "jaccard macro");
        near(ref.get("micro").get("jaccard"), counts.jaccardMicro(), "jaccard micro");
        near(ref.get("weighted").get("jaccard"), counts.jaccardWeighted(), "jaccard weighted");
        ClassificationEvaluator evaluator = new ClassificationEvaluator(
                counts.labels(), new int[0], new int[0], null, -1, List.of(), Intervals.BootstrapSettings.DEFAULT, 0);
        near(ref.get("zero_one_loss"), evaluator.countValue("zero_one_loss", counts), "zero-one loss");
        near(ref.get("hamming_loss"), evaluator.countValue("hamming_loss", counts), "Hamming loss");
        Interval wilson = Intervals.wilson(counts.correct(), counts.total(), 0.95);
        near(ref.get("accuracy_wilson_95").get(0), wilson.lower(), "Wilson lower");
        near(ref.get("accuracy_wilson_95").get(1), wilson.upper(), "Wilson upper");
    }

    private static void assertAverage(JsonNode ref, ConfusionCounts.PrecisionRecallF1 average) {
        near(ref.get("precision"), average.precision(), "average precision");
        near(ref.get("recall"), average.recall(), "average recall");
        near(ref.get("f1"), average.f1(), "average f1");
    }

    @Test
    void binaryClassificationMatchesScikitLearn() {
        JsonNode ref = reference.get("two_class_example");
        Table table = fixture("two_class_example.csv");
        List<String> labels = List.of("Class1", "Class2");
        int[] truth = codes(table.texts("truth"), labels);
        ConfusionCounts counts = ConfusionCounts.count(labels, truth, codes(table.texts("predicted"), labels));
        assertLabelMetrics(ref, counts);
        near(ref.get("f2"), counts.fBeta(0, 2), "F2");
        near(ref.get("f0_5"), counts.fBeta(0, 0.5), "F0.5");
        near(ref.get("jaccard"), counts.jaccard(0), "jaccard of the positive label");
        near(ref.get("positive_likelihood_ratio"), counts.positiveLikelihoodRatio(0), "LR+");
        near(ref.get("negative_likelihood_ratio"), counts.negativeLikelihoodRatio(0), "LR-");

        boolean[] positive = new boolean[truth.length];
        for (int i = 0; i < truth.length; i++) {
            positive[i] = truth[i] == 0;
        }
        BinaryScores scores = BinaryScores.of(positive, table.numbers("Class1"));
        near(ref.get("roc_auc"), scores.rocAuc(), "roc auc");
        JsonNode det = ref.get("det_curve");
        List<BinaryScores.CurvePoint> curve = scores.detCurve(Integer.MAX_VALUE);
        assertEquals(det.get("fpr").size(), curve.size(), "DET points");
        for (int i = 0; i < curve.size(); i++) {
            near(det.get("fpr").get(i), curve.get(i).x(), "DET false positive rate " + i);
            near(det.get("fnr").get(i), curve.get(i).y(), "DET false negative rate " + i);
            near(det.get("thresholds").get(i), curve.get(i).threshold(), "DET threshold " + i);
        }
        List<BinaryScores.CurvePoint> thinned = scores.detCurve(100);
        assertTrue(thinned.size() <= 117 && thinned.get(thinned.size() - 1).equals(curve.get(curve.size() - 1)));
        near(ref.get("average_precision"), scores.averagePrecision(), "average precision");
        near(ref.get("brier"), scores.brier(), "brier");
        near(
                ref.get("log_loss"),
                ClassProbabilities.logLoss(truth, new double[][] {table.numbers("Class1"), table.numbers("Class2")}),
                "log loss");

        BinaryScores.Calibration calibration = scores.calibration(10);
        double[] fraction = calibration.bins().stream()
                .mapToDouble(BinaryScores.Calibration.Bin::fractionPositive)
                .toArray();
        double[] meanPredicted = calibration.bins().stream()
                .mapToDouble(BinaryScores.Calibration.Bin::meanPredicted)
                .toArray();
        assertArrayEquals(doubles(ref.get("calibration").get("fraction_of_positives")), fraction, TOLERANCE);
        assertArrayEquals(doubles(ref.get("calibration").get("mean_predicted")), meanPredicted, TOLERANCE);
        near(ref.get("ece_10_bins"), calibration.expectedCalibrationError(), "ece");

        JsonNode delong = ref.get("roc_auc_delong");
        near(delong.get("variance"), scores.rocAucVariance(), "DeLong variance");
        Interval interval = Intervals.delong(scores, 0.95);
        near(delong.get("ci95").get(0), interval.lower(), "DeLong lower");
        near(delong.get("ci95").get(1), interval.upper(), "DeLong upper");

        Interval recall = Intervals.wilson(counts.counts()[0][0], counts.support(0), 0.95);
        near(ref.get("recall_wilson_95").get(0), recall.lower(), "recall Wilson lower");
        near(ref.get("recall_wilson_95").get(1), recall.upper(), "recall Wilson upper");
    }

    @Test
    void multiclassClassificationMatchesScikitLearn() {
        JsonNode ref = reference.get("hpc_cv");
        Table table = fixture("hpc_cv.csv");
        List<String> labels = List.of("F", "L", "M", "VF");
        int[] truth = codes(table.texts("obs"), labels);
        assertLabelMetrics(ref, ConfusionCounts.count(labels, truth, codes(table.texts("pred"), labels)));

        double[][] probabilities = labels.stream().map(table::numbers).toArray(double[][]::new);
        near(ref.get("log_loss"), ClassProbabilities.logLoss(truth, probabilities), "log loss");
        ClassProbabilities multiclass = new ClassProbabilities(truth, probabilities);
        near(ref.get("roc_auc_ovr_macro"), multiclass.rocAucOneVsRest(false), "OvR macro");
        near(ref.get("roc_auc_ovr_weighted"), multiclass.rocAucOneVsRest(true), "OvR weighted");
        near(ref.get("roc_auc_ovo_macro"), multiclass.rocAucOneVsOne(false), "OvO Hand-Till");
        near(ref.get("roc_auc_ovo_weighted"), multiclass.rocAucOneVsOne(true), "OvO weighted by prevalence");
        near(ref.get("average_precision_ovr_macro"), multiclass.averagePrecisionOneVsRest(), "OvR macro AP");
        near(ref.get("top_2_accuracy"), multiclass.topKAccuracy(2), "top-2 accuracy");
        near(ref.get("top_3_accuracy"), multiclass.topKAccuracy(3), "top-3 accuracy");
        double brier = 0;
        double rankPrecision = 0;
        for (int i = 0; i < truth.length; i++) {
            brier += multiclass.rowBrier(i);
            rankPrecision += multiclass.rowLabelRankPrecision(i);
        }
        near(ref.get("brier_multiclass"), brier / truth.length, "multiclass Brier");
        near(ref.get("label_ranking_average_precision"), rankPrecision / truth.length, "LRAP");
    }

    @Test
    void regressionMatchesScikitLearn() {
        JsonNode ref = reference.get("solubility_test");
        Table table = fixture("solubility_test.csv");
        RegressionMetrics metrics = RegressionMetrics.of(table.numbers("solubility"), table.numbers("prediction"));
        near(ref.get("mae"), metrics.mae(), "mae");
        near(ref.get("mse"), metrics.mse(), "mse");
        near(ref.get("rmse"), metrics.rmse(), "rmse");
        near(ref.get("r2"), metrics.r2(), "r2");
        near(ref.get("mape"), metrics.mape(), "mape");
        near(ref.get("median_absolute_error"), metrics.medianAbsoluteError(), "median absolute error");
        near(ref.get("max_error"), metrics.maxError(), "max error");
        near(ref.get("explained_variance"), metrics.explainedVariance(), "explained variance");
        near(ref.get("d2_absolute_error"), metrics.d2AbsoluteError(), "D2 absolute error");
        double[] truth = table.numbers("solubility");
        double[] predicted = table.numbers("prediction");
        near(ref.get("pinball_loss_0.9"), RegressionMetrics.pinballLoss(truth, predicted, 0.9), "pinball 0.9");
        near(ref.get("d2_pinball_0.9"), RegressionMetrics.d2Pinball(truth, predicted, 0.9), "D2 pinball 0.9");
        double[] positivePredictions =
                Arrays.stream(predicted).map(y -> Math.pow(10, y)).toArray();
        near(
                ref.get("mean_tweedie_deviance_-0.5"),
                RegressionMetrics.tweedieDeviance(truth, positivePredictions, -0.5),
                "Tweedie -0.5 (any target)");
        near(ref.get("d2_tweedie_0"), RegressionMetrics.d2Tweedie(truth, predicted, 0), "D2 Tweedie 0 (R2)");
        assertTrue(
                Double.isNaN(RegressionMetrics.tweedieDeviance(truth, positivePredictions, 1.5)),
                "a negative target has no Tweedie deviance at power 1.5");
        assertTrue(
                Double.isNaN(metrics.msle()) && Double.isNaN(metrics.meanGammaDeviance()),
                "log10 solubilities are negative: no MSLE or deviance");
        double[] molarTruth = Arrays.stream(table.numbers("solubility"))
                .map(y -> Math.pow(10, y))
                .toArray();
        double[] molarPredicted = Arrays.stream(table.numbers("prediction"))
                .map(y -> Math.pow(10, y))
                .toArray();
        RegressionMetrics molar = RegressionMetrics.of(molarTruth, molarPredicted);
        JsonNode asMolar = ref.get("as_molar");
        near(asMolar.get("msle"), molar.msle(), "msle");
        near(asMolar.get("mean_poisson_deviance"), molar.meanPoissonDeviance(), "Poisson deviance");
        near(asMolar.get("mean_gamma_deviance"), molar.meanGammaDeviance(), "Gamma deviance");
        near(
                asMolar.get("mean_tweedie_deviance_1.5"),
                RegressionMetrics.tweedieDeviance(molarTruth, molarPredicted, 1.5),
                "Tweedie 1.5");
        near(asMolar.get("d2_tweedie_1.5"), RegressionMetrics.d2Tweedie(molarTruth, molarPredicted, 1.5), "D2 Tweedie");
        near(
                asMolar.get("mean_tweedie_deviance_3"),
                RegressionMetrics.tweedieDeviance(molarTruth, molarPredicted, 3),
                "Tweedie 3 (inverse Gaussian)");
        near(
                asMolar.get("mean_poisson_deviance"),
                RegressionMetrics.tweedieDeviance(molarTruth, molarPredicted, 1),
                "Tweedie 1 is Poisson");
        near(
                asMolar.get("mean_gamma_deviance"),
                RegressionMetrics.tweedieDeviance(molarTruth, molarPredicted, 2),
                "Tweedie 2 is gamma");
    }

    @Test
    void rankingMatchesScikitLearnAndTheTextbookFormulas() {
        JsonNode ref = reference.get("hpc_cv_ranking");
        Table table = fixture("hpc_cv.csv");
        List<String> grades = List.of("VF", "F", "M", "L");
        String[] observed = table.texts("obs");
        double[] relevance = new double[observed.length];
        double[] score = new double[observed.length];
        double[] f = table.numbers("F");
        double[] m = table.numbers("M");
        double[] l = table.numbers("L");
        for (int i = 0; i < observed.length; i++) {
            relevance[i] = grades.indexOf(observed[i]);
            score[i] = f[i] * 1 + m[i] * 2 + l[i] * 3;
        }
        RankingMetrics ranking = RankingMetrics.of(table.texts("Resample"), relevance, score, 2);
        assertEquals(10, ranking.queryCount());
        for (int k : new int[] {5, 10, 50}) {
            near(ref.get("ndcg@" + k), ranking.ndcg(k), "ndcg@" + k);
            near(ref.get("dcg@" + k), ranking.dcg(k), "dcg@" + k);
            near(ref.get("map@" + k), ranking.meanAveragePrecision(k), "map@" + k);
            near(ref.get("precision@" + k), ranking.precision(k), "precision@" + k);
            near(ref.get("recall@" + k), ranking.recall(k), "recall@" + k);
        }
        near(ref.get("mrr"), ranking.meanReciprocalRank(), "mrr");
    }

    private static double[] doubles(JsonNode array) {
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asDouble();
        }
        return values;
    }
}
