package dev.ratchet.evaluation.data;

import dev.ratchet.evaluation.engine.Evaluator;
import dev.ratchet.events.v1.EvaluationOptions;
import dev.ratchet.events.v1.IntervalOptions;
import dev.ratchet.events.v1.PredictionFile;
import dev.ratchet.events.v1.PredictionSource;
import dev.ratchet.events.v1.ScoreColumn;
import dev.ratchet.events.v1.SliceSpec;
import dev.ratchet.events.v1.Task;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Fuzzing the CSV reader and the evaluation behind it: files of a few columns whose cells are
 * labels, numbers, probabilities out of range, NaN, empty, quoted, with stray quotes, commas and
 * line breaks, ragged rows, bytes that are not UTF-8. Each is read and evaluated, or refused with
 * TableException (the FAILED evaluation that says what to fix); anything else thrown is a crash.
 * Seeded; -Pfuzz runs 10^6 inputs.
 */
class CsvTablesFuzzTest {

    @Property(seed = "20261202")
    void aFileIsEvaluatedOrRefusedNeverCrashes(@ForAll("files") byte[] content, @ForAll("tasks") Task task)
            throws IOException {
        Path file = Files.createTempFile("fuzz", ".csv");
        try {
            Files.write(file, content);
            EvaluationOptions.Builder options = EvaluationOptions.newBuilder()
                    .setTask(task)
                    .addSlices(SliceSpec.newBuilder().addColumns("s"))
                    .setIntervals(IntervalOptions.newBuilder().setBootstrapResamples(20));
            if (task == Task.TASK_CLASSIFICATION) {
                options.addScoreColumns(ScoreColumn.newBuilder().setLabel("1").setColumn("q"));
            }
            if (task == Task.TASK_RANKING) {
                options.setQueryColumn("s");
            }
            try {
                CsvTables.read(file.toString(), Set.of("s"));
                Evaluator.evaluate(
                        PredictionSource.newBuilder()
                                .setFile(PredictionFile.newBuilder()
                                        .setUri(file.toString())
                                        .setLabelColumn("y")
                                        .setPredictionColumn("p"))
                                .build(),
                        options.build());
            } catch (TableException refused) {
                // a clear refusal
            }
        } finally {
            Files.delete(file);
        }
    }

    @Provide
    Arbitrary<Task> tasks() {
        return Arbitraries.of(Task.TASK_CLASSIFICATION, Task.TASK_REGRESSION, Task.TASK_RANKING);
    }

    @Provide
    Arbitrary<byte[]> files() {
        Arbitrary<String> cell = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of("0", "1", "0", "1", "2", "a", "b")),
                Tuple.of(4, Arbitraries.of("0.5", "0.1", "0.9", "1.7", "-0.3", "NaN", "inf", "-Infinity", "1e400", "")),
                Tuple.of(2, Arbitraries.of("\"1\"", "\"a,b\"", "\"x\ny\"", "\"unclosed", "a\"b", " 1 ", "\"\"")),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(6)));
        Arbitrary<String> header =
                Arbitraries.of("y,p,q,s", "y,p,q,s", "y,p,s", "y,q,s", "p,y,q,s,s", "y,p,q,s,extra", "", "y");
        Arbitrary<String> row = cell.list().ofMinSize(1).ofMaxSize(6).map(cells -> String.join(",", cells));
        Arbitrary<String> text = header.flatMap(h -> row.list()
                .ofMaxSize(40)
                .map(rows -> h + "\n" + String.join("\n", rows) + (rows.isEmpty() ? "" : "\n")));
        Arbitrary<byte[]> bytes = text.map(t -> t.getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> broken = bytes.map(b -> {
            byte[] copy = Arrays.copyOf(b, b.length + 2);
            copy[b.length] = (byte) 0xC3;
            copy[b.length + 1] = 0x28;
            return copy;
        });
        return Arbitraries.frequencyOf(Tuple.of(9, bytes), Tuple.of(1, broken));
    }
}
