package dev.ratchet.evaluation.evaluation;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.ratchet.events.v1.PredictionFile;
import dev.ratchet.events.v1.PredictionSource;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads labels and predictions from where a request says they are. */
public final class PredictionReader {
    private static final CsvMapper CSV = new CsvMapper();

    private PredictionReader() {
    }

    /** The predictions of a source that passed {@code PredictionSources.problem}. */
    public static Predictions read(PredictionSource source) {
        return switch (source.getSourceCase()) {
            case INLINE -> new Predictions(source.getInline().getLabelsList(), source.getInline().getPredictionsList());
            case FILE -> readCsv(source.getFile());
            case SOURCE_NOT_SET -> throw new UnreadablePredictionsException("no prediction source");
        };
    }

    /**
     * Reads a CSV file with a header row. An empty label or prediction is an error that names the
     * row: a missing value must not silently count as a class.
     */
    static Predictions readCsv(PredictionFile file) {
        Path path = path(file.getUri());
        List<String> labels = new ArrayList<>();
        List<String> predicted = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8);
             MappingIterator<Map<String, String>> rows = CSV.readerForMapOf(String.class)
                     .with(CsvSchema.emptySchema().withHeader())
                     .readValues(reader)) {
            CsvSchema header = (CsvSchema) rows.getParser().getSchema();
            requireColumn(header, file.getLabelColumn(), path);
            requireColumn(header, file.getPredictionColumn(), path);
            long line = 1;
            while (rows.hasNext()) {
                line++;
                Map<String, String> row = rows.next();
                labels.add(value(row, file.getLabelColumn(), line, path));
                predicted.add(value(row, file.getPredictionColumn(), line, path));
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof UnreadablePredictionsException unreadable) {
                throw unreadable;
            }
            throw new UnreadablePredictionsException("cannot read " + path + ": " + e.getMessage(), e);
        }
        if (labels.isEmpty()) {
            throw new UnreadablePredictionsException(path + " has no rows");
        }
        return new Predictions(labels, predicted);
    }

    private static Path path(String uri) {
        try {
            return uri.startsWith("file:") ? Path.of(URI.create(uri)) : Path.of(uri);
        } catch (IllegalArgumentException e) {
            throw new UnreadablePredictionsException("'" + uri + "' is neither a file: URI nor a path", e);
        }
    }

    private static void requireColumn(CsvSchema header, String column, Path path) {
        if (header.column(column) == null) {
            List<String> names = new ArrayList<>();
            header.forEach(c -> names.add(c.getName()));
            throw new UnreadablePredictionsException(path + " has no column '" + column + "'; its columns are "
                    + names);
        }
    }

    private static String value(Map<String, String> row, String column, long line, Path path) {
        String value = row.get(column);
        if (value == null || value.isEmpty()) {
            throw new UnreadablePredictionsException(path + " line " + line + ": no value in column '" + column + "'");
        }
        return value;
    }
}
