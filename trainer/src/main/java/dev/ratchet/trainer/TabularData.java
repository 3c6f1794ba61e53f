package dev.ratchet.trainer;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A CSV file (header row, comma-separated, UTF-8; an empty field is missing) as rows of text. */
record TabularData(Path file, List<String> header, List<String[]> rows) {
    private static final CsvMapper CSV = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);

    static TabularData read(Path file) {
        try (MappingIterator<String[]> lines = CSV.readerFor(String[].class).readValues(file.toFile())) {
            if (!lines.hasNext()) {
                throw new IllegalArgumentException(file + " is empty; it needs a header row");
            }
            List<String> header = List.of(lines.next());
            List<String[]> rows = new ArrayList<>();
            while (lines.hasNext()) {
                String[] row = lines.next();
                if (row.length != header.size()) {
                    throw new IllegalArgumentException(file + " line " + (rows.size() + 2) + " has " + row.length
                            + " fields; the header has " + header.size());
                }
                rows.add(row);
            }
            return new TabularData(file, header, rows);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    int column(String name) {
        int index = header.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException(file + " has no column '" + name + "'; its columns are " + header);
        }
        return index;
    }

    String[] values(String column) {
        int index = column(column);
        return rows.stream().map(r -> r[index]).toArray(String[]::new);
    }
}
