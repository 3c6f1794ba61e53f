package dev.ratchet.evaluation.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ratchet.common.grpc.ApiException;
import dev.ratchet.evaluation.v1.EvaluationReport;
import dev.ratchet.evaluation.v1.ReportSection;
import dev.ratchet.evaluation.v1.SliceReport;
import dev.ratchet.evaluation.v1.SliceValue;
import dev.ratchet.events.v1.MetricValue;
import io.grpc.Status;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ReportSectionsTest {
    private static final EvaluationReport REPORT = EvaluationReport.newBuilder()
            .addMetrics(MetricValue.newBuilder().setName("accuracy").setValue(0.8))
            .addSlices(SliceReport.newBuilder()
                    .setName("shop")
                    .addAllValues(IntStream.range(0, 2_000)
                            .mapToObj(i -> SliceValue.newBuilder()
                                    .setName("shop=" + i)
                                    .setSupport(i)
                                    .build())
                            .toList()))
            .build();

    @Test
    void aReportThatFitsIsAnsweredWhole() {
        ReportSections.Fitted fitted = ReportSections.fitting(REPORT, List.of(), 1 << 20, "e");
        assertEquals(REPORT, fitted.report());
        assertTrue(fitted.omitted().isEmpty());
    }

    @Test
    void theLargestSectionsAreLeftOutAndNamedUntilTheAnswerFits() {
        ReportSections.Fitted fitted = ReportSections.fitting(REPORT, List.of(), 1_000, "e");
        assertEquals(List.of(ReportSection.REPORT_SECTION_SLICES), fitted.omitted());
        assertEquals(0, fitted.report().getSlicesCount());
        assertEquals(REPORT.getMetricsList(), fitted.report().getMetricsList());
        assertTrue(fitted.report().getSerializedSize() <= 1_000);
    }

    @Test
    void oneSectionLargerThanAnAnswerIsResourceExhausted() {
        ApiException e = assertThrows(
                ApiException.class,
                () -> ReportSections.fitting(REPORT, List.of(ReportSection.REPORT_SECTION_SLICES), 1_000, "e-1"));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.code());
        assertTrue(
                e.getMessage().startsWith("report section REPORT_SECTION_SLICES of evaluation e-1 is "),
                e.getMessage());
        assertTrue(e.getMessage().contains("/evaluations/e-1/report.html"), e.getMessage());
    }
}
