package dev.ratchet.evaluation.report;

import static dev.ratchet.evaluation.report.HtmlRows.left;
import static dev.ratchet.evaluation.report.HtmlRows.leftHtml;
import static dev.ratchet.evaluation.report.HtmlRows.row;
import static dev.ratchet.evaluation.report.HtmlRows.styled;

import dev.ratchet.evaluation.v1.BehavioralResult;
import dev.ratchet.evaluation.v1.ConfusionPair;
import dev.ratchet.evaluation.v1.Curve;
import dev.ratchet.evaluation.v1.CurvePoint;
import dev.ratchet.evaluation.v1.ErrorSegment;
import dev.ratchet.evaluation.v1.EvaluationReport;
import dev.ratchet.evaluation.v1.HygieneCheck;
import dev.ratchet.evaluation.v1.SliceComparison;
import dev.ratchet.evaluation.v1.SliceReport;
import dev.ratchet.evaluation.v1.SliceValue;
import dev.ratchet.events.v1.ConfusionMatrix;
import dev.ratchet.events.v1.MetricValue;
import dev.ratchet.events.v1.Verdict;
import java.util.List;
import java.util.Locale;

/**
 * The report as one self-contained HTML page: tables, and plots drawn as inline SVG (confusion
 * matrix, ROC, precision-recall and reliability curves, slice metrics with their intervals), so it
 * opens anywhere without scripts or network.
 */
public final class HtmlReport {
    static final String STYLE = """
            body{font:14px system-ui,sans-serif;margin:2em;max-width:72em;color:#222}
            table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:right}
            th{background:#f4f4f4}td.l,th.l{text-align:left}.warn{color:#a15c00}.fail{color:#b00020}.pass{color:#1b7a1b}
            svg{background:#fff;border:1px solid #ddd;margin:0 1em 1em 0}h2{margin-top:1.6em;border-bottom:1px solid #eee}
            """;

    private final StringBuilder html = new StringBuilder();

    private HtmlReport() {}

    public static String render(EvaluationReport report, String runId, String evaluationId) {
        HtmlReport page = new HtmlReport();
        page.write(report, runId, evaluationId);
        return page.html.toString();
    }

    private void write(EvaluationReport report, String runId, String evaluationId) {
        html.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>Evaluation ")
                .append(escape(evaluationId))
                .append("</title><style>")
                .append(STYLE)
                .append("</style></head><body>");
        html.append("<h1>Evaluation of run ")
                .append(escape(runId))
                .append("</h1><p>Evaluation ")
                .append(escape(evaluationId))
                .append(" · ")
                .append(report.getTask().name().toLowerCase(Locale.ROOT).replace("task_", ""))
                .append(" · ")
                .append(report.getExampleCount())
                .append(" test rows</p>");
        if (report.hasGate()) {
            verdict(report.getGate().getVerdict());
        }
        if (report.getWarningsCount() > 0) {
            html.append("<h2>Warnings</h2><ul>");
            report.getWarningsList()
                    .forEach(w ->
                            html.append("<li class=\"warn\">").append(escape(w)).append("</li>"));
            html.append("</ul>");
        }
        html.append("<h2>Metrics</h2>");
        metrics(report.getMetricsList());
        if (report.hasConfusionMatrix()) {
            html.append("<h2>Confusion matrix</h2>");
            confusion(report.getConfusionMatrix());
        }
        if (report.getCurvesCount() > 0) {
            html.append("<h2>Curves</h2>");
            report.getCurvesList().forEach(this::curve);
        }
        for (SliceReport slice : report.getSlicesList()) {
            html.append("<h2>Slices: ").append(escape(slice.getName())).append("</h2>");
            slices(slice.getValuesList());
        }
        if (report.getWeakSegmentsCount() > 0) {
            html.append("<h2>Weakest segments</h2>");
            slices(report.getWeakSegmentsList());
        }
        if (report.getHygieneCount() > 0) {
            html.append("<h2>Test-set hygiene</h2><table><tr><th class=\"l\">check</th><th class=\"l\">status</th>"
                    + "<th>rows</th><th class=\"l\">finding</th></tr>");
            for (HygieneCheck check : report.getHygieneList()) {
                String status = check.getStatus()
                        .name()
                        .substring("CHECK_STATUS_".length())
                        .toLowerCase(Locale.ROOT);
                html.append(row(
                        left(check.getName()),
                        styled("l " + status, status),
                        check.getOffendingCount(),
                        left(check.getSummary())));
            }
            html.append("</table>");
        }
        if (report.getBehavioralCount() > 0) {
            html.append("<h2>Behavioral tests</h2><table><tr><th class=\"l\">test</th><th class=\"l\">kind</th>"
                    + "<th>rows</th><th>failed</th><th>failure rate</th><th>largest change</th></tr>");
            for (BehavioralResult b : report.getBehavioralList()) {
                html.append(row(
                        left(b.getName()),
                        left(b.getKind()),
                        b.getTested(),
                        styled(b.getFailed() > 0 ? "fail" : "pass", b.getFailed()),
                        percent(b.getFailureRate()),
                        number(b.getMaxChange())));
            }
            html.append("</table>");
        }
        if (report.hasErrors()) {
            errors(report);
        }
        html.append("</body></html>");
    }

    private void verdict(Verdict verdict) {
        boolean promote = verdict.getDecision().name().endsWith("PROMOTE");
        html.append("<h2>Baseline gate: <span class=\"")
                .append(promote ? "pass" : "fail")
                .append("\">")
                .append(promote ? "promote" : "reject")
                .append("</span></h2><p>")
                .append(escape(verdict.getMetric()))
                .append(": candidate ")
                .append(number(verdict.getCandidateValue()))
                .append(", baseline ")
                .append(number(verdict.getBaselineValue()))
                .append(", difference ")
                .append(number(verdict.getDifference()));
        if (verdict.hasDifferenceInterval()) {
            html.append(" [")
                    .append(number(verdict.getDifferenceInterval().getLower()))
                    .append(", ")
                    .append(number(verdict.getDifferenceInterval().getUpper()))
                    .append("]");
        }
        html.append("</p><ul>");
        verdict.getReasonsList()
                .forEach(r -> html.append("<li>").append(escape(r)).append("</li>"));
        html.append("</ul>");
    }

    private void metrics(List<MetricValue> metrics) {
        html.append(
                "<table><tr><th class=\"l\">metric</th><th>value</th><th>interval</th><th class=\"l\">method</th></tr>");
        for (MetricValue m : metrics) {
            html.append(row(
                    left(m.getName()),
                    number(m.getValue()),
                    interval(m),
                    m.hasInterval() ? left(m.getInterval().getMethod()) : ""));
        }
        html.append("</table>");
    }

    private void confusion(ConfusionMatrix matrix) {
        long max = 1;
        for (var row : matrix.getRowsList()) {
            for (long c : row.getCountsList()) {
                max = Math.max(max, c);
            }
        }
        html.append("<table><tr><th class=\"l\">true \\ predicted</th>");
        matrix.getLabelsList()
                .forEach(l -> html.append("<th>").append(escape(l)).append("</th>"));
        html.append("</tr>");
        for (int t = 0; t < matrix.getLabelsCount(); t++) {
            html.append("<tr><th class=\"l\">")
                    .append(escape(matrix.getLabels(t)))
                    .append("</th>");
            for (long c : matrix.getRows(t).getCountsList()) {
                int shade = (int) (255 - 155.0 * c / max);
                html.append("<td style=\"background:rgb(")
                        .append(shade)
                        .append(',')
                        .append(shade)
                        .append(",255)\">")
                        .append(c)
                        .append("</td>");
            }
            html.append("</tr>");
        }
        html.append("</table>");
    }

    /** A unit-square plot of one curve, with the diagonal for reference. */
    private void curve(Curve curve) {
        int size = 260;
        int pad = 30;
        html.append("<svg width=\"")
                .append(size + 2 * pad)
                .append("\" height=\"")
                .append(size + 2 * pad)
                .append("\" viewBox=\"0 0 ")
                .append(size + 2 * pad)
                .append(' ')
                .append(size + 2 * pad)
                .append("\">");
        html.append("<text x=\"")
                .append(pad)
                .append("\" y=\"18\">")
                .append(escape(curve.getKind().replace('_', '-')))
                .append(" · ")
                .append(escape(curve.getLabel()))
                .append("</text>");
        html.append("<rect x=\"")
                .append(pad)
                .append("\" y=\"")
                .append(pad)
                .append("\" width=\"")
                .append(size)
                .append("\" height=\"")
                .append(size)
                .append("\" fill=\"none\" stroke=\"#999\"/>");
        if (!curve.getKind().equals("precision_recall")) {
            // chance: the diagonal, or for a DET curve (false negatives against false positives) the anti-diagonal
            boolean det = curve.getKind().equals("det");
            html.append("<line x1=\"")
                    .append(pad)
                    .append("\" y1=\"")
                    .append(det ? pad : pad + size)
                    .append("\" x2=\"")
                    .append(pad + size)
                    .append("\" y2=\"")
                    .append(det ? pad + size : pad)
                    .append("\" stroke=\"#ccc\" stroke-dasharray=\"4\"/>");
        }
        html.append("<polyline fill=\"none\" stroke=\"#1f5fbf\" stroke-width=\"2\" points=\"");
        for (CurvePoint p : curve.getPointsList()) {
            html.append(String.format(Locale.ROOT, "%.1f,%.1f ", pad + p.getX() * size, pad + (1 - p.getY()) * size));
        }
        html.append("\"/></svg>");
    }

    /** Slice values with the headline metric's interval drawn as a bar on [0, 1]. */
    private void slices(List<SliceValue> values) {
        html.append("<table><tr><th class=\"l\">slice</th><th>rows</th><th>share</th><th>");
        String headline = values.isEmpty() || values.get(0).getMetricsCount() == 0
                ? ""
                : values.get(0).getMetrics(0).getName();
        html.append(escape(headline))
                .append("</th><th>interval</th><th class=\"l\"></th><th>adjusted p</th>"
                        + "<th class=\"l\">flags</th></tr>");
        for (SliceValue v : values) {
            MetricValue m = v.getMetricsCount() > 0 ? v.getMetrics(0) : MetricValue.getDefaultInstance();
            String flags = (v.getSignificantlyWorse() ? "<span class=\"fail\">worse</span> " : "")
                    + (v.getUnderRepresented() ? "<span class=\"warn\">under-represented</span>" : "");
            html.append(row(
                    left(v.getName()),
                    v.getSupport(),
                    percent(v.getShare()),
                    number(m.getValue()),
                    interval(m),
                    leftHtml(intervalBar(m)),
                    number(v.getAdjustedPValue()),
                    leftHtml(flags)));
        }
        html.append("</table>");
    }

    /** The metric's interval as [lower, upper]; empty without one. */
    private static String interval(MetricValue m) {
        return m.hasInterval()
                ? "[" + number(m.getInterval().getLower()) + ", "
                        + number(m.getInterval().getUpper()) + "]"
                : "";
    }

    private static String intervalBar(MetricValue m) {
        if (!m.hasInterval()) {
            return "";
        }
        double lo = clamp(m.getInterval().getLower());
        double hi = clamp(m.getInterval().getUpper());
        return String.format(
                Locale.ROOT,
                "<svg width=\"160\" height=\"12\" style=\"border:0;margin:0\"><line x1=\"0\""
                        + " y1=\"6\" x2=\"160\" y2=\"6\" stroke=\"#eee\"/><rect x=\"%.1f\" y=\"2\" width=\"%.1f\" height=\"8\""
                        + " fill=\"#9bb8e6\"/><line x1=\"%.1f\" y1=\"0\" x2=\"%.1f\" y2=\"12\" stroke=\"#1f5fbf\"/></svg>",
                lo * 160,
                Math.max(1, (hi - lo) * 160),
                clamp(m.getValue()) * 160,
                clamp(m.getValue()) * 160);
    }

    private void errors(EvaluationReport report) {
        var errors = report.getErrors();
        html.append("<h2>Errors</h2>");
        if (errors.getConfusionsCount() > 0) {
            html.append("<table><tr><th class=\"l\">true</th><th class=\"l\">predicted</th><th>rows</th>"
                    + "<th>share of errors</th></tr>");
            for (ConfusionPair p : errors.getConfusionsList().subList(0, Math.min(10, errors.getConfusionsCount()))) {
                html.append(
                        row(left(p.getTruth()), left(p.getPredicted()), p.getCount(), percent(p.getShareOfErrors())));
            }
            html.append("</table>");
        }
        if (errors.getOverRepresentedCount() > 0) {
            html.append("<p>Where errors concentrate:</p><table><tr><th class=\"l\">segment</th><th>rows</th>"
                    + "<th>share of rows</th><th>share of errors</th><th>lift</th></tr>");
            for (ErrorSegment s : errors.getOverRepresentedList()) {
                html.append(row(
                        left(s.getName()),
                        s.getRows(),
                        percent(s.getShareOfRows()),
                        percent(s.getShareOfErrors()),
                        number(s.getLift())));
            }
            html.append("</table>");
        }
        if (errors.getWorstCount() > 0) {
            html.append("<p>Worst rows:</p><table><tr><th>row</th><th class=\"l\">true</th><th class=\"l\">predicted"
                    + "</th><th>loss</th></tr>");
            errors.getWorstList()
                    .forEach(w -> html.append(
                            row(w.getRow(), left(w.getTruth()), left(w.getPredicted()), number(w.getLoss()))));
            html.append("</table>");
        }
        if (report.hasGate() && report.getGate().getSlicesCount() > 0) {
            html.append("<h2>Slices against the baseline</h2><table><tr><th class=\"l\">slice</th><th>rows</th>"
                    + "<th>candidate</th><th>baseline</th><th>difference</th></tr>");
            for (SliceComparison c : report.getGate().getSlicesList()) {
                html.append(row(
                        left(c.getSlice()),
                        c.getSupport(),
                        number(c.getCandidateValue()),
                        number(c.getBaselineValue()),
                        styled(c.getRegressed() ? "fail" : "", number(c.getDifference()))));
            }
            html.append("</table>");
        }
    }

    private static double clamp(double v) {
        return Double.isNaN(v) ? 0 : Math.max(0, Math.min(1, v));
    }

    static String number(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }

    static String percent(double v) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
