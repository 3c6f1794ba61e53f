package dev.ratchet.evaluation.behavior;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ratchet.evaluation.TestData;
import dev.ratchet.evaluation.data.TableException;
import dev.ratchet.evaluation.engine.Evaluator;
import dev.ratchet.evaluation.v1.BehavioralResult;
import dev.ratchet.evaluation.v1.EvaluationReport;
import dev.ratchet.events.v1.BehavioralSuite;
import dev.ratchet.events.v1.BehavioralTest;
import dev.ratchet.events.v1.DirectionalExpectation;
import dev.ratchet.events.v1.EvaluationOptions;
import dev.ratchet.events.v1.Invariance;
import dev.ratchet.events.v1.MinimumFunctionality;
import dev.ratchet.events.v1.Perturbation;
import dev.ratchet.events.v1.PredictionFile;
import dev.ratchet.events.v1.PredictionSource;
import dev.ratchet.events.v1.TestRow;
import dev.ratchet.events.v1.ValueSwap;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An invariance suite on german_credit.csv against a real model: scikit-learn's logistic regression
 * trained on the other rows, run here as ONNX (src/test/python/train_german_credit_model.py). The
 * failure counts and failing rows must be those the script computed with the same model.
 */
class BehavioralTestsTest {
    static final Path DATASETS = TestData.datasets();

    @TempDir
    static Path dir;

    private static JsonNode reference;
    private static Path testSet;
    private static String model;

    @BeforeAll
    static void prepare() throws Exception {
        try (InputStream in =
                BehavioralTestsTest.class.getResourceAsStream("/reference/german_credit_behavioral.json")) {
            reference = new ObjectMapper().readTree(in);
        }
        List<String> lines = Files.readAllLines(DATASETS.resolve("german_credit.csv"));
        List<String> test = new ArrayList<>(List.of(lines.get(0)));
        for (String line : lines.subList(1, lines.size())) {
            if (Integer.parseInt(line.substring(0, line.indexOf(','))) % 5 == 0) {
                test.add(line);
            }
        }
        testSet = Files.write(dir.resolve("german_credit_test.csv"), test);
        model = TestData.resource("/models/german_credit_logistic.onnx").toString();
    }

    static Perturbation swap(String column, String a, String b) {
        return Perturbation.newBuilder()
                .setColumn(column)
                .setSwap(ValueSwap.newBuilder().putPairs(a, b))
                .build();
    }

    static EvaluationReport evaluate(BehavioralSuite.Builder suite) {
        return Evaluator.evaluate(
                        PredictionSource.newBuilder()
                                .setFile(PredictionFile.newBuilder()
                                        .setUri(testSet.toString())
                                        .setLabelColumn("Class"))
                                .build(),
                        EvaluationOptions.newBuilder()
                                .setBehavioral(suite.setModelUri(model))
                                .build())
                .report();
    }

    @Test
    void anInvarianceSuiteOnGermanCreditReportsItsFailureRateWithExamples() {
        EvaluationReport report = evaluate(BehavioralSuite.newBuilder()
                .addTests(BehavioralTest.newBuilder()
                        .setName("swap sex")
                        .setInvariance(Invariance.newBuilder()
                                .addPerturbations(swap("sex", "male", "female"))
                                .setTolerance(0.05)))
                .addTests(BehavioralTest.newBuilder()
                        .setName("swap sex and personal status")
                        .setInvariance(Invariance.newBuilder()
                                .addPerturbations(swap("sex", "male", "female"))
                                .addPerturbations(swap("personal_status", "Single", "NotSingle"))
                                .setTolerance(0.05)))
                .addTests(BehavioralTest.newBuilder()
                        .setName("a larger amount is not less risky")
                        .setDirectional(DirectionalExpectation.newBuilder()
                                .addPerturbations(Perturbation.newBuilder()
                                        .setColumn("Amount")
                                        .setMultiply(1.5))
                                .setDirection(DirectionalExpectation.Direction.DIRECTION_NOT_DECREASING))));

        // no prediction column: the service predicted with the model
        assertEquals(
                reference.get("test_accuracy").asDouble(),
                report.getMetricsList().stream()
                        .filter(m -> m.getName().equals("accuracy"))
                        .findFirst()
                        .orElseThrow()
                        .getValue(),
                1e-12);
        assertResult(reference.get("invariance_swap_sex"), report.getBehavioral(0));
        assertResult(reference.get("invariance_swap_sex_and_status"), report.getBehavioral(1));
        assertResult(reference.get("directional_amount_up"), report.getBehavioral(2));
        assertTrue(report.getBehavioral(0).getFailureRate() > 0.2, "the model uses sex: " + report.getBehavioral(0));
        assertTrue(
                report.getWarningsList().stream().anyMatch(w -> w.startsWith("behavioral test 'swap sex' fails on")),
                report.getWarningsList().toString());
        assertTrue(
                report.getBehavioral(0).getFailures(0).getDetail().contains("at most ±0.05 allowed"),
                report.getBehavioral(0).getFailures(0).getDetail());
    }

    private static void assertResult(JsonNode expected, BehavioralResult actual) {
        assertEquals(expected.get("tested").asLong(), actual.getTested());
        assertEquals(0, expected.get("borderline").asInt(), "no row sits on the tolerance");
        assertEquals(expected.get("failed").asLong(), actual.getFailed(), actual.getName());
        assertEquals(expected.get("max_change").asDouble(), actual.getMaxChange(), 1e-6, actual.getName());
        // failing rows: data row r of the test file holds row_id 5·r
        List<Long> rowIds =
                actual.getFailuresList().stream().map(f -> 5 * f.getRow()).toList();
        List<Long> expectedIds = new ArrayList<>();
        expected.get("failing_row_ids").forEach(id -> expectedIds.add(id.asLong()));
        assertEquals(expectedIds, rowIds, actual.getName());
    }

    @Test
    void minimumFunctionalityChecksCraftedRowsAndNamesAMissingColumn() {
        TestRow.Builder row = TestRow.newBuilder();
        String[] header = {
            "CheckingAccountStatus",
            "CreditHistory",
            "Purpose",
            "SavingsAccountBonds",
            "EmploymentDuration",
            "OtherDebtorsGuarantors",
            "Property",
            "OtherInstallmentPlans",
            "Housing",
            "Job",
            "sex",
            "personal_status",
            "ForeignWorker",
            "Telephone"
        };
        String[] safe = {
            "none",
            "Critical",
            "Radio.Television",
            "gt.1000",
            "gt.7",
            "None",
            "RealEstate",
            "None",
            "Own",
            "SkilledEmployee",
            "male",
            "Single",
            "yes",
            "yes"
        };
        for (int i = 0; i < header.length; i++) {
            row.putValues(header[i], safe[i]);
        }
        row.putValues("Duration", "6")
                .putValues("Amount", "1000")
                .putValues("InstallmentRatePercentage", "1")
                .putValues("ResidenceDuration", "4")
                .putValues("Age", "50")
                .putValues("NumberExistingCredits", "1")
                .putValues("NumberPeopleMaintenance", "1");
        EvaluationReport report = evaluate(BehavioralSuite.newBuilder()
                .addTests(BehavioralTest.newBuilder()
                        .setName("a safe applicant is good")
                        .setMinimumFunctionality(
                                MinimumFunctionality.newBuilder().addRows(row).setExpectedLabel("Good"))));
        assertEquals(1, report.getBehavioral(0).getTested());
        assertEquals(
                0, report.getBehavioral(0).getFailed(), report.getBehavioral(0).toString());

        TableException missing = assertThrows(
                TableException.class,
                () -> evaluate(BehavioralSuite.newBuilder()
                        .addTests(BehavioralTest.newBuilder()
                                .setName("incomplete")
                                .setMinimumFunctionality(MinimumFunctionality.newBuilder()
                                        .addRows(TestRow.newBuilder().putValues("Age", "30"))
                                        .setExpectedLabel("Good")))));
        assertTrue(missing.getMessage().contains("has no value for column"), missing.getMessage());
    }
}
