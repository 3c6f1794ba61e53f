package dev.ratchet.cli.demo;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The candidate's predictions with the baseline's beside them, row by row, as the gate reads them:
 * both files hold the same test rows in the same order, which the id column proves.
 */
final class PredictionsJoin {
    private static final CsvMapper CSV = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);

    private PredictionsJoin() {}

    static void join(Path candidate, Path baseline, String idColumn, Path into) throws IOException {
        List<String[]> a = read(candidate);
        List<String[]> b = read(baseline);
        if (a.size() != b.size()) {
            throw new IllegalStateException(candidate + " has " + a.size() + " lines, " + baseline + " " + b.size()
                    + ": not the same test set");
        }
        List<String> headerA = List.of(a.get(0));
        List<String> headerB = List.of(b.get(0));
        int idA = headerA.indexOf(idColumn);
        int idB = headerB.indexOf(idColumn);
        int predicted = headerB.indexOf("predicted");
        int probability = headerB.indexOf("probability");
        Files.createDirectories(into.getParent());
        try (SequenceWriter writer =
                CSV.writerFor(String[].class).with(CsvSchema.emptySchema()).writeValues(into.toFile())) {
            for (int r = 0; r < a.size(); r++) {
                String[] left = a.get(r);
                String[] right = b.get(r);
                if (r > 0 && !left[idA].equals(right[idB])) {
                    throw new IllegalStateException("line " + (r + 1) + ": " + idColumn + " " + left[idA] + " in "
                            + candidate + " but " + right[idB] + " in " + baseline);
                }
                String[] row = Arrays.copyOf(left, left.length + 2);
                row[left.length] = r == 0 ? "baseline_predicted" : right[predicted];
                row[left.length + 1] = r == 0 ? "baseline_probability" : right[probability];
                writer.write(row);
            }
        }
    }

    private static List<String[]> read(Path file) throws IOException {
        try (MappingIterator<String[]> rows = CSV.readerFor(String[].class).readValues(file.toFile())) {
            List<String[]> all = new ArrayList<>();
            rows.forEachRemaining(all::add);
            return all;
        }
    }
}
