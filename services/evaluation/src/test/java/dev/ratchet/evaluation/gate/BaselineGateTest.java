package dev.ratchet.evaluation.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ratchet.evaluation.engine.Evaluator;
import dev.ratchet.evaluation.v1.GateReport;
import dev.ratchet.events.v1.Decision;
import dev.ratchet.events.v1.EvaluationOptions;
import dev.ratchet.events.v1.GateOptions;
import dev.ratchet.events.v1.PredictionFile;
import dev.ratchet.events.v1.PredictionSource;
import dev.ratchet.events.v1.SliceSpec;
import dev.ratchet.events.v1.Verdict;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate on two_class_example: the stored predictions, a threshold of 0.7 on the same score, and
 * a majority-class guess, compared on the same rows.
 */
class BaselineGateTest {
    private static JsonNode paired;
    private static Path file;

    @TempDir
    static Path dir;

    @BeforeAll
    static void prepare() throws IOException {
        try (InputStream in = BaselineGateTest.class.getResourceAsStream("/reference/reference_metrics.json")) {
            paired = new ObjectMapper().readTree(in).get("two_class_paired");
        }
        List<String> lines = new ArrayList<>();
        try (InputStream in = BaselineGateTest.class.getResourceAsStream("/fixtures/two_class_example.csv")) {
            List<String> source = new String(in.readAllBytes()).lines().toList();
            lines.add(source.get(0) + ",\"threshold_07\",\"majority\",\"half\"");
            for (int i = 1; i < source.size(); i++) {
                String[] fields = source.get(i).split(",");
                boolean class1 = Double.parseDouble(fields[1]) >= 0.7;
                lines.add(source.get(i) + "," + (class1 ? "\"Class1\"" : "\"Class2\"") + ",\"Class1\","
                        + (i <= 250 ? "\"first\"" : "\"second\""));
            }
        }
        file = Files.write(dir.resolve("two_class_with_baselines.csv"), lines);
    }

    static GateReport gate(String candidate, GateOptions.Builder gate) {
        EvaluationOptions options = EvaluationOptions.newBuilder()
                .addSlices(SliceSpec.newBuilder().addColumns("half"))
                .setGate(gate)
                .build();
        return Evaluator.evaluate(
                        PredictionSource.newBuilder()
                                .setFile(PredictionFile.newBuilder()
                                        .setUri(file.toString())
                                        .setLabelColumn("truth")
                                        .setPredictionColumn(candidate))
                                .build(),
                        options)
                .report()
                .getGate();
    }

    @Test
    void mcNemarMatchesStatsmodels() {
        JsonNode table = paired.get("table_[[both,cand_only],[base_only,neither]]");
        assertEquals(
                paired.get("mcnemar_exact_p").asDouble(),
                McNemar.exactPValue(
                        table.get(0).get(1).asLong(), table.get(1).get(0).asLong()),
                1e-12);
    }

    @Test
    void aWorseCandidateIsRejectedWithTheReason() {
        Verdict verdict = gate("predicted", GateOptions.newBuilder().setBaselinePredictionColumn("threshold_07"))
                .getVerdict();
        assertEquals(Decision.DECISION_REJECT, verdict.getDecision());
        assertEquals("accuracy", verdict.getMetric());
        assertEquals(0.838, verdict.getCandidateValue(), 1e-12);
        assertEquals(paired.get("baseline_accuracy").asDouble(), verdict.getBaselineValue(), 1e-12);
        assertEquals(paired.get("mcnemar_exact_p").asDouble(), verdict.getMcnemarPValue(), 1e-12);
        assertTrue(
                verdict.getReasons(0).startsWith("accuracy improves by -0.022"),
                verdict.getReasonsList().toString());
    }

    @Test
    void aSmallImprovementThatIsNotSignificantIsRejectedUnlessAllowed() {
        Verdict strict = gate("threshold_07", GateOptions.newBuilder().setBaselinePredictionColumn("predicted"))
                .getVerdict();
        assertEquals(Decision.DECISION_REJECT, strict.getDecision());
        assertEquals(0.022, strict.getDifference(), 1e-12);
        assertTrue(
                strict.getDifferenceInterval().getLower() < 0
                        && strict.getDifferenceInterval().getUpper() > 0,
                strict.getDifferenceInterval().toString());
        assertTrue(
                strict.getReasonsList().stream().anyMatch(r -> r.startsWith("the improvement is not significant")),
                strict.getReasonsList().toString());

        Verdict lenient = gate(
                        "threshold_07",
                        GateOptions.newBuilder()
                                .setBaselinePredictionColumn("predicted")
                                .setAllowInsignificant(true))
                .getVerdict();
        assertEquals(
                Decision.DECISION_PROMOTE,
                lenient.getDecision(),
                lenient.getReasonsList().toString());

        Verdict demanding = gate(
                        "threshold_07",
                        GateOptions.newBuilder()
                                .setBaselinePredictionColumn("predicted")
                                .setAllowInsignificant(true)
                                .setMinImprovement(0.03))
                .getVerdict();
        assertEquals(Decision.DECISION_REJECT, demanding.getDecision());
    }

    @Test
    void aClearlyBetterModelIsPromotedAndEverySliceIsCompared() {
        GateReport report = gate("predicted", GateOptions.newBuilder().setBaselinePredictionColumn("majority"));
        Verdict verdict = report.getVerdict();
        assertEquals(
                Decision.DECISION_PROMOTE,
                verdict.getDecision(),
                verdict.getReasonsList().toString());
        assertEquals(0.838 - 0.516, verdict.getDifference(), 1e-12); // 258 of 500 are Class1
        assertTrue(
                verdict.getDifferenceInterval().getLower() > 0.25,
                verdict.getDifferenceInterval().toString());
        assertEquals(
                List.of("half=first", "half=second"),
                report.getSlicesList().stream().map(s -> s.getSlice()).sorted().toList());
        assertTrue(report.getSlicesList().stream().noneMatch(s -> s.getRegressed()));
    }

    @Test
    void aSliceThatGetsWorseBlocksThePromotion() {
        // against the 0.7 threshold with a tolerance of 0: any slice where the stored predictions lose blocks
        GateReport report = gate(
                "predicted",
                GateOptions.newBuilder()
                        .setBaselinePredictionColumn("threshold_07")
                        .setAllowInsignificant(true)
                        .setMaxSliceRegression(1e-9));
        assertTrue(
                report.getSlicesList().stream().anyMatch(s -> s.getRegressed()),
                report.getSlicesList().toString());
        assertTrue(
                report.getVerdict().getReasonsList().stream().anyMatch(r -> r.startsWith("slice half=")),
                report.getVerdict().getReasonsList().toString());
    }
}
