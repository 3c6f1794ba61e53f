package dev.ratchet.evaluation.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ratchet.evaluation.v1.BehavioralResult;
import dev.ratchet.evaluation.v1.CheckStatus;
import dev.ratchet.evaluation.v1.ConfusionPair;
import dev.ratchet.evaluation.v1.ErrorAnalysis;
import dev.ratchet.evaluation.v1.ErrorExample;
import dev.ratchet.evaluation.v1.ErrorSegment;
import dev.ratchet.evaluation.v1.EvaluationReport;
import dev.ratchet.evaluation.v1.GateReport;
import dev.ratchet.evaluation.v1.HygieneCheck;
import dev.ratchet.evaluation.v1.SliceComparison;
import dev.ratchet.evaluation.v1.SliceReport;
import dev.ratchet.evaluation.v1.SliceValue;
import dev.ratchet.events.v1.ConfidenceInterval;
import dev.ratchet.events.v1.MetricValue;
import org.junit.jupiter.api.Test;

/** The report's tables: one row per finding, numbers right-aligned, text left-aligned and escaped. */
class HtmlReportTest {
    private static final MetricValue AUC = MetricValue.newBuilder()
            .setName("roc_auc")
            .setValue(0.8)
            .setInterval(ConfidenceInterval.newBuilder()
                    .setLower(0.75)
                    .setUpper(0.85)
                    .setMethod("delong-logit"))
            .build();

    private static final EvaluationReport REPORT = EvaluationReport.newBuilder()
            .addMetrics(AUC)
            .addMetrics(MetricValue.newBuilder().setName("log_loss").setValue(0.5))
            .addSlices(SliceReport.newBuilder()
                    .setName("Sex")
                    .addValues(SliceValue.newBuilder()
                            .setName("Sex=female")
                            .setSupport(80)
                            .setShare(0.4)
                            .addMetrics(AUC)
                            .setAdjustedPValue(0.01)
                            .setSignificantlyWorse(true)))
            .addHygiene(HygieneCheck.newBuilder()
                    .setName("duplicates")
                    .setStatus(CheckStatus.CHECK_STATUS_FAIL)
                    .setOffendingCount(3)
                    .setSummary("3 rows <also> in train"))
            .addBehavioral(BehavioralResult.newBuilder()
                    .setName("typos")
                    .setKind("INV")
                    .setTested(40)
                    .setFailed(2)
                    .setFailureRate(0.05)
                    .setMaxChange(0.125))
            .setErrors(ErrorAnalysis.newBuilder()
                    .addConfusions(ConfusionPair.newBuilder()
                            .setTruth("good")
                            .setPredicted("bad")
                            .setCount(7)
                            .setShareOfErrors(0.7))
                    .addOverRepresented(ErrorSegment.newBuilder()
                            .setName("Marital=single")
                            .setRows(50)
                            .setShareOfRows(0.25)
                            .setShareOfErrors(0.5)
                            .setLift(2))
                    .addWorst(ErrorExample.newBuilder()
                            .setRow(12)
                            .setTruth("good")
                            .setPredicted("bad")
                            .setLoss(2.5)))
            .setGate(GateReport.newBuilder()
                    .addSlices(SliceComparison.newBuilder()
                            .setSlice("Sex=female")
                            .setSupport(80)
                            .setCandidateValue(0.7)
                            .setBaselineValue(0.75)
                            .setDifference(-0.05)
                            .setRegressed(true)))
            .build();

    private static final String HTML = HtmlReport.render(REPORT, "run-1", "evaluation-1");

    @Test
    void eachFindingIsARowWithItsNumbersAndEscapedText() {
        for (String row : new String[] {
            "<tr><td class=\"l\">roc_auc</td><td>0.8000</td><td>[0.7500, 0.8500]</td>"
                    + "<td class=\"l\">delong-logit</td></tr>",
            "<tr><td class=\"l\">log_loss</td><td>0.5000</td><td></td><td></td></tr>",
            "<tr><td class=\"l\">Sex=female</td><td>80</td><td>40.0%</td><td>0.8000</td><td>[0.7500, 0.8500]</td>"
                    + "<td class=\"l\"><svg ",
            "<td>0.01000</td><td class=\"l\"><span class=\"fail\">worse</span> </td></tr>",
            "<tr><td class=\"l\">duplicates</td><td class=\"l fail\">fail</td><td>3</td>"
                    + "<td class=\"l\">3 rows &lt;also&gt; in train</td></tr>",
            "<tr><td class=\"l\">typos</td><td class=\"l\">INV</td><td>40</td><td class=\"fail\">2</td>"
                    + "<td>5.0%</td><td>0.1250</td></tr>",
            "<tr><td class=\"l\">good</td><td class=\"l\">bad</td><td>7</td><td>70.0%</td></tr>",
            "<tr><td class=\"l\">Marital=single</td><td>50</td><td>25.0%</td><td>50.0%</td><td>2.000</td></tr>",
            "<tr><td>12</td><td class=\"l\">good</td><td class=\"l\">bad</td><td>2.500</td></tr>",
            "<tr><td class=\"l\">Sex=female</td><td>80</td><td>0.7000</td><td>0.7500</td>"
                    + "<td class=\"fail\">-0.05000</td></tr>"
        }) {
            assertTrue(HTML.contains(row), row + " in\n" + HTML);
        }
        assertFalse(HTML.contains("<also>"), "text is escaped");
    }
}
