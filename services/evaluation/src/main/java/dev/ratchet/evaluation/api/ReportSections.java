package dev.ratchet.evaluation.api;

import dev.ratchet.common.grpc.ApiException;
import dev.ratchet.evaluation.v1.EvaluationReport;
import dev.ratchet.evaluation.v1.ReportSection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Cuts a report down to the sections a caller asked for (none named: all), and to what fits in one answer. */
final class ReportSections {
    private static final List<ReportSection> ALL = Arrays.stream(ReportSection.values())
            .filter(s -> s != ReportSection.REPORT_SECTION_UNSPECIFIED && s != ReportSection.UNRECOGNIZED)
            .toList();

    private ReportSections() {}

    /** The sections asked for that fit in {@code maxBytes}, and the ones left out (largest first). */
    record Fitted(EvaluationReport report, List<ReportSection> omitted) {}

    /**
     * The report with the sections asked for, less the largest ones while it is over
     * {@code maxBytes}; RESOURCE_EXHAUSTED when a single section is over it on its own.
     */
    static Fitted fitting(EvaluationReport report, List<ReportSection> asked, int maxBytes, String evaluationId) {
        List<ReportSection> kept = new ArrayList<>(asked.isEmpty() ? ALL : asked);
        List<ReportSection> omitted = new ArrayList<>();
        EvaluationReport cut = only(report, kept);
        while (cut.getSerializedSize() > maxBytes) {
            ReportSection largest = kept.stream()
                    .max(Comparator.comparingInt(s -> only(report, List.of(s)).getSerializedSize()))
                    .orElseThrow();
            if (kept.size() == 1) {
                throw ApiException.resourceExhausted("report section " + largest + " of evaluation " + evaluationId
                        + " is " + cut.getSerializedSize() + " bytes, more than the " + maxBytes
                        + " one answer holds: read it in the HTML report (/evaluations/" + evaluationId
                        + "/report.html on the evaluation service's HTTP port)");
            }
            kept.remove(largest);
            omitted.add(largest);
            cut = only(report, kept);
        }
        return new Fitted(cut, omitted);
    }

    static EvaluationReport only(EvaluationReport report, List<ReportSection> sections) {
        if (sections.isEmpty()) {
            return report;
        }
        EvaluationReport.Builder cut = report.toBuilder();
        if (!sections.contains(ReportSection.REPORT_SECTION_METRICS)) {
            cut.clearMetrics().clearConfusionMatrix().clearClasses().clearWarnings();
        }
        if (!sections.contains(ReportSection.REPORT_SECTION_CURVES)) {
            cut.clearCurves();
        }
        if (!sections.contains(ReportSection.REPORT_SECTION_SLICES)) {
            cut.clearSlices().clearWeakSegments();
        }
        if (!sections.contains(ReportSection.REPORT_SECTION_HYGIENE)) {
            cut.clearHygiene();
        }
        if (!sections.contains(ReportSection.REPORT_SECTION_GATE)) {
            cut.clearGate();
        }
        if (!sections.contains(ReportSection.REPORT_SECTION_BEHAVIORAL)) {
            cut.clearBehavioral();
        }
        if (!sections.contains(ReportSection.REPORT_SECTION_ERRORS)) {
            cut.clearErrors();
        }
        return cut.build();
    }
}
