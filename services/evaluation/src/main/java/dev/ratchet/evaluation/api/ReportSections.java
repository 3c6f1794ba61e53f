package dev.ratchet.evaluation.api;

import dev.ratchet.evaluation.v1.EvaluationReport;
import dev.ratchet.evaluation.v1.ReportSection;
import java.util.List;

/** Cuts a report down to the sections a caller asked for (none named: all). */
final class ReportSections {
    private ReportSections() {
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
