package dev.ratchet.console.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ratchet.evaluation.v1.ErrorAnalysis;
import dev.ratchet.evaluation.v1.ErrorExample;
import dev.ratchet.evaluation.v1.Evaluation;
import dev.ratchet.evaluation.v1.EvaluationReport;
import java.util.List;
import org.junit.jupiter.api.Test;

class ErrorImagesTest {
    private static Evaluation evaluation(String runId, ErrorExample... worst) {
        return Evaluation.newBuilder()
                .setRunId(runId)
                .setReport(EvaluationReport.newBuilder()
                        .setErrors(ErrorAnalysis.newBuilder().addAllWorst(List.of(worst))))
                .build();
    }

    private static ErrorExample row(long row, String column, String value) {
        return ErrorExample.newBuilder()
                .setRow(row)
                .setTruth("cat")
                .setPredicted("dog")
                .putValues("age", "3")
                .putValues(column, value)
                .build();
    }

    @Test
    void aValueThatIsARelativeImagePathOfTheRunIsTheRowsInput() {
        List<EvaluationPage.ErrorImage> images = EvaluationPage.errorImages(evaluation(
                "run-1",
                row(17, "image", "test/0017.PNG"),
                row(18, "image", "test/0018.jpeg"),
                row(19, "note", "a cat")));
        assertEquals(
                List.of(17L, 18L),
                images.stream().map(i -> i.example().getRow()).toList());
        assertEquals("test/0017.PNG", images.get(0).path());
        assertEquals("image", images.get(0).column());
    }

    @Test
    void absolutePathsEscapesAndUrlsAreNotLoaded() {
        assertEquals(
                List.of(),
                EvaluationPage.errorImages(evaluation(
                        "run-1",
                        row(1, "image", "/etc/x.png"),
                        row(2, "image", "../other-run/x.png"),
                        row(3, "image", "https://example.com/x.png"),
                        row(4, "image", "a/../../x.png"))));
        assertEquals(
                List.of(),
                EvaluationPage.errorImages(evaluation("", row(1, "image", "x.png"))),
                "an evaluation without a run has no artifacts to show");
    }
}
