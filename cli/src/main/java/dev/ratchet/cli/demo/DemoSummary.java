package dev.ratchet.cli.demo;

import dev.ratchet.evaluation.v1.BehavioralResult;
import dev.ratchet.evaluation.v1.ConfusionPair;
import dev.ratchet.evaluation.v1.ErrorSegment;
import dev.ratchet.evaluation.v1.Evaluation;
import dev.ratchet.evaluation.v1.EvaluationReport;
import dev.ratchet.evaluation.v1.HygieneCheck;
import dev.ratchet.evaluation.v1.SliceReport;
import dev.ratchet.evaluation.v1.SliceValue;
import dev.ratchet.events.v1.MetricValue;
import dev.ratchet.events.v1.Verdict;
import dev.ratchet.orchestration.v1.StudyTrial;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The evaluation, read for a person: baseline against candidate, slices, tests, errors, the verdict. */
final class DemoSummary {
    private static final List<String> HEADLINE =
            List.of("roc_auc", "average_precision", "accuracy", "f1", "log_loss", "brier_score");

    private final PrintWriter out;

    DemoSummary(PrintWriter out) {
        this.out = out;
    }

    void print(Evaluation evaluation, String baselineRunId, StudyTrial best, Path report, String evaluationHttp) {
        if (!evaluation.hasReport()) {
            throw new IllegalStateException("the evaluation failed: " + evaluation.getFailureMessage());
        }
        EvaluationReport r = evaluation.getReport();
        out.printf(
                "%n   %-18s %-28s %-28s%n",
                "test set (" + r.getExampleCount() + " rows)",
                "baseline " + shortId(baselineRunId),
                "candidate " + shortId(best.getRunId()));
        Map<String, MetricValue> baseline = byName(r.getGate().getBaselineMetricsList());
        Map<String, MetricValue> candidate = byName(r.getMetricsList());
        for (String name : HEADLINE) {
            if (candidate.containsKey(name)) {
                out.printf(
                        "   %-18s %-28s %-28s%n",
                        name, withInterval(baseline.get(name)), withInterval(candidate.get(name)));
            }
        }
        for (SliceReport slice : r.getSlicesList()) {
            out.printf("%n   slices by %s (%s, 95%% interval)%n", slice.getName(), headline(slice));
            for (SliceValue value : slice.getValuesList()) {
                out.printf(
                        "     %-34s %4d rows  %-26s%s%n",
                        value.getName(),
                        value.getSupport(),
                        value.getMetricsCount() == 0 ? "" : withInterval(value.getMetrics(0)),
                        (value.getUnderRepresented() ? "  too few rows" : "")
                                + (value.getSignificantlyWorse() ? "  significantly worse" : ""));
            }
        }
        out.println("\n   behavioral tests of the candidate's ONNX model");
        for (BehavioralResult test : r.getBehavioralList()) {
            out.printf(
                    Locale.ROOT,
                    "     %-24s %-11s %3d of %d rows failed, largest change %.3f%n",
                    test.getName(),
                    test.getKind(),
                    test.getFailed(),
                    test.getTested(),
                    test.getMaxChange());
        }
        out.println("\n   hygiene of the test set");
        for (HygieneCheck check : r.getHygieneList()) {
            out.printf(
                    "     %-34s %s%n",
                    check.getName(),
                    check.getStatus().name().replace("CHECK_STATUS_", "").toLowerCase());
        }
        out.println("\n   errors");
        for (ConfusionPair pair : r.getErrors().getConfusionsList()) {
            out.printf(
                    Locale.ROOT,
                    "     %s predicted as %s: %d (%.0f%% of errors)%n",
                    pair.getTruth(),
                    pair.getPredicted(),
                    pair.getCount(),
                    100 * pair.getShareOfErrors());
        }
        for (ErrorSegment segment :
                r.getErrors().getOverRepresentedList().stream().limit(3).toList()) {
            out.printf(
                    Locale.ROOT,
                    "     %s: %.0f%% of the rows, %.0f%% of the errors (lift %.2f)%n",
                    segment.getName(),
                    100 * segment.getShareOfRows(),
                    100 * segment.getShareOfErrors(),
                    segment.getLift());
        }
        verdict(evaluation.getVerdict());
        out.println("   report: " + report + "\n           http://" + evaluationHttp + "/evaluations/"
                + evaluation.getEvaluationId() + "/report.html");
    }

    private void verdict(Verdict verdict) {
        out.printf(
                Locale.ROOT,
                "%n   verdict: %s — %s %.4f (candidate) vs %.4f (baseline), difference %+.4f [%.4f, %.4f]%n",
                verdict.getDecision().name().replace("DECISION_", ""),
                verdict.getMetric(),
                verdict.getCandidateValue(),
                verdict.getBaselineValue(),
                verdict.getDifference(),
                verdict.getDifferenceInterval().getLower(),
                verdict.getDifferenceInterval().getUpper());
        verdict.getReasonsList().forEach(reason -> out.println("     - " + reason));
    }

    private static String headline(SliceReport slice) {
        return slice.getValuesCount() == 0 || slice.getValues(0).getMetricsCount() == 0
                ? ""
                : slice.getValues(0).getMetrics(0).getName();
    }

    private static Map<String, MetricValue> byName(List<MetricValue> metrics) {
        return metrics.stream().collect(Collectors.toMap(MetricValue::getName, Function.identity(), (a, b) -> a));
    }

    private static String withInterval(MetricValue metric) {
        if (metric == null) {
            return "-";
        }
        return metric.hasInterval()
                ? String.format(
                        Locale.ROOT,
                        "%.4f [%.4f, %.4f]",
                        metric.getValue(),
                        metric.getInterval().getLower(),
                        metric.getInterval().getUpper())
                : String.format(Locale.ROOT, "%.4f", metric.getValue());
    }

    private static String shortId(String runId) {
        return runId.length() > 8 ? runId.substring(0, 8) : runId;
    }
}
