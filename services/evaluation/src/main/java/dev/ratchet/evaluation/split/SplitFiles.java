package dev.ratchet.evaluation.split;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.ratchet.evaluation.data.Column;
import dev.ratchet.evaluation.data.Table;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** The parts of a split as tables and as CSV files with their SHA-256 digests. */
final class SplitFiles {
    private static final CsvMapper CSV = new CsvMapper();

    /** A written file: where, its digest ("sha256:<hex>") and data rows. */
    record Written(Path path, String digest, long rows) {}

    private SplitFiles() {}

    /** The rows of {@code table} at the given indexes, in that order. */
    static Table subset(Table table, int[] rows, String name) {
        List<Column> columns = new ArrayList<>();
        for (String columnName : table.columnNames()) {
            Column column = table.column(columnName);
            if (column instanceof Column.Numeric numeric) {
                double[] values = new double[rows.length];
                for (int i = 0; i < rows.length; i++) {
                    values[i] = numeric.values()[rows[i]];
                }
                columns.add(new Column.Numeric(columnName, values));
            } else {
                Column.Text text = (Column.Text) column;
                String[] values = new String[rows.length];
                for (int i = 0; i < rows.length; i++) {
                    values[i] = text.value(rows[i]);
                }
                columns.add(new Column.Text(columnName, values));
            }
        }
        return new Table(name, rows.length, columns);
    }

    /** Writes the table as CSV (a header, then every value as read; empty for missing), hashing the bytes. */
    static Written write(Table table, Path path) {
        try {
            Files.createDirectories(path.getParent());
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            List<String> names = table.columnNames();
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(path), sha256);
                    SequenceWriter writer = CSV.writerFor(String[].class)
                            .with(CsvSchema.emptySchema())
                            .writeValues(out)) {
                writer.write(names.toArray(String[]::new));
                String[] row = new String[names.size()];
                for (int r = 0; r < table.rows(); r++) {
                    for (int c = 0; c < row.length; c++) {
                        row[c] = table.column(names.get(c)).asText(r);
                    }
                    writer.write(row);
                }
            }
            return new Written(path, "sha256:" + HexFormat.of().formatHex(sha256.digest()), table.rows());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
