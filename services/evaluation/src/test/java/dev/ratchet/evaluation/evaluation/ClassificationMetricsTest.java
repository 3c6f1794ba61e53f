package dev.ratchet.evaluation.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ratchet.events.v1.ClassificationSummary;
import dev.ratchet.events.v1.ConfusionMatrixRow;
import dev.ratchet.events.v1.PredictionFile;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Accuracy and confusion matrices against the values scikit-learn computed for the fixtures. */
class ClassificationMetricsTest {
    private static final double TOLERANCE = 5e-7; // the golden values are rounded to 6 decimals

    @Test
    void binaryPredictionsMatchScikitLearn() throws Exception {
        JsonNode golden = golden().get("two_class_example");
        ClassificationSummary summary = ClassificationMetrics.summarize(read("two_class_example.csv", "truth",
                "predicted"));

        assertEquals(golden.get("n").asLong(), summary.getExampleCount());
        assertEquals(golden.get("accuracy").asDouble(), summary.getAccuracy(), TOLERANCE);
        assertEquals(List.of("Class1", "Class2"), summary.getConfusionMatrix().getLabelsList());
        // The fixture lists [[tn, fp], [fn, tp]] with Class1 positive; with sorted labels Class1 comes first.
        JsonNode cm = golden.get("confusion_matrix_[[tn,fp],[fn,tp]]");
        long tn = cm.get(0).get(0).asLong();
        long fp = cm.get(0).get(1).asLong();
        long fn = cm.get(1).get(0).asLong();
        long tp = cm.get(1).get(1).asLong();
        assertEquals(List.of(List.of(tp, fn), List.of(fp, tn)), rows(summary));
    }

    @Test
    void multiclassPredictionsMatchScikitLearn() throws Exception {
        JsonNode golden = golden().get("hpc_cv");
        ClassificationSummary summary = ClassificationMetrics.summarize(read("hpc_cv.csv", "obs", "pred"));

        assertEquals(golden.get("n").asLong(), summary.getExampleCount());
        assertEquals(golden.get("accuracy").asDouble(), summary.getAccuracy(), TOLERANCE);
        List<String> goldenLabels = List.of("VF", "F", "M", "L");
        List<String> labels = summary.getConfusionMatrix().getLabelsList();
        assertEquals(List.of("F", "L", "M", "VF"), labels);
        JsonNode cm = golden.get("confusion_matrix_rows_true_cols_pred");
        for (int i = 0; i < labels.size(); i++) {
            for (int j = 0; j < labels.size(); j++) {
                long expected = cm.get(goldenLabels.indexOf(labels.get(i))).get(goldenLabels.indexOf(labels.get(j)))
                        .asLong();
                assertEquals(expected, summary.getConfusionMatrix().getRows(i).getCounts(j),
                        "true " + labels.get(i) + ", predicted " + labels.get(j));
            }
        }
    }

    @Test
    void aPredictedLabelThatNeverOccursGetsItsOwnColumn() {
        ClassificationSummary summary = ClassificationMetrics.summarize(
                new Predictions(List.of("a", "a", "b"), List.of("a", "c", "b")));
        assertEquals(List.of("a", "b", "c"), summary.getConfusionMatrix().getLabelsList());
        assertEquals(List.of(List.of(1L, 0L, 1L), List.of(0L, 1L, 0L), List.of(0L, 0L, 0L)), rows(summary));
        assertEquals(2.0 / 3, summary.getAccuracy(), 1e-15);
    }

    @Test
    void unreadableFilesAreReportedWithWhatIsWrong(@TempDir Path dir) throws IOException {
        Path csv = Files.writeString(dir.resolve("p.csv"), "truth,predicted\nyes,no\n,yes\n");
        UnreadablePredictionsException missingValue = assertThrows(UnreadablePredictionsException.class,
                () -> PredictionReader.readCsv(file(csv, "truth", "predicted")));
        assertTrue(missingValue.getMessage().contains("line 3: no value in column 'truth'"), missingValue.getMessage());

        UnreadablePredictionsException missingColumn = assertThrows(UnreadablePredictionsException.class,
                () -> PredictionReader.readCsv(file(csv, "label", "predicted")));
        assertTrue(missingColumn.getMessage().contains("no column 'label'; its columns are [truth, predicted]"),
                missingColumn.getMessage());

        UnreadablePredictionsException absent = assertThrows(UnreadablePredictionsException.class,
                () -> PredictionReader.readCsv(file(dir.resolve("absent.csv"), "truth", "predicted")));
        assertTrue(absent.getMessage().startsWith("cannot read"), absent.getMessage());
    }

    static Path fixture(String name) throws URISyntaxException {
        return Path.of(ClassificationMetricsTest.class.getResource("/fixtures/" + name).toURI());
    }

    private static Predictions read(String fixture, String labelColumn, String predictionColumn) throws Exception {
        return PredictionReader.readCsv(file(fixture(fixture), labelColumn, predictionColumn));
    }

    private static PredictionFile file(Path path, String labelColumn, String predictionColumn) {
        return PredictionFile.newBuilder().setUri(path.toUri().toString()).setLabelColumn(labelColumn)
                .setPredictionColumn(predictionColumn).build();
    }

    private static JsonNode golden() throws Exception {
        return new ObjectMapper().readTree(fixture("golden_metrics.json").toFile());
    }

    private static List<List<Long>> rows(ClassificationSummary summary) {
        return summary.getConfusionMatrix().getRowsList().stream().map(ConfusionMatrixRow::getCountsList).toList();
    }
}
