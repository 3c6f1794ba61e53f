package dev.ratchet.evaluation.data;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a CSV file (header row, comma-separated, UTF-8; an empty field is a missing value) into a
 * typed {@link Table}. A column is numeric when every value of its first {@value #INFERENCE_ROWS}
 * rows parses as a number, unless it is declared as text; a later value that does not parse is an
 * error that names the column, so nothing is silently turned into a missing value.
 */
public final class CsvTables {
    static final int INFERENCE_ROWS = 10_000;
    private static final CsvMapper CSV = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);

    private CsvTables() {}

    /** {@code location} is a {@code file:} URI or a path. */
    public static Table read(String location, Set<String> textColumns) {
        Path path = path(location);
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8);
                MappingIterator<String[]> rows = CSV.readerFor(String[].class).readValues(reader)) {
            if (!rows.hasNext()) {
                throw new TableException(path + " is empty; it needs a header row");
            }
            String[] header = rows.next();
            List<String[]> head = new ArrayList<>();
            while (head.size() < INFERENCE_ROWS && rows.hasNext()) {
                head.add(checkWidth(rows.next(), header, head.size() + 2, path));
            }
            Builder[] builders = new Builder[header.length];
            for (int c = 0; c < header.length; c++) {
                builders[c] = isNumeric(head, c) && !textColumns.contains(header[c])
                        ? new NumericBuilder(header[c])
                        : new TextBuilder(header[c]);
            }
            long line = 1;
            for (String[] row : head) {
                add(builders, row, ++line, path);
            }
            while (rows.hasNext()) {
                add(builders, checkWidth(rows.next(), header, ++line, path), line, path);
            }
            if (line == 1) {
                throw new TableException(path + " has a header but no rows");
            }
            List<Column> columns = new ArrayList<>();
            for (int c = 0; c < builders.length; c++) {
                columns.add(builders[c].build());
                builders[c] = null; // its growing array is garbage before the next column is copied
            }
            return new Table(path.toString(), (int) (line - 1), columns);
        } catch (IOException | RuntimeException e) {
            if (e instanceof TableException known) {
                throw known;
            }
            throw new TableException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    public static Path path(String location) {
        try {
            return location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
        } catch (IllegalArgumentException e) {
            throw new TableException("'" + location + "' is neither a file: URI nor a path", e);
        }
    }

    private static String[] checkWidth(String[] row, String[] header, long line, Path path) {
        if (row.length != header.length) {
            throw new TableException(
                    path + " line " + line + " has " + row.length + " fields; the header has " + header.length);
        }
        return row;
    }

    private static void add(Builder[] builders, String[] row, long line, Path path) {
        for (int c = 0; c < builders.length; c++) {
            String value = row[c];
            builders[c].add(value == null || value.isEmpty() ? null : value, line, path);
        }
    }

    private static boolean isNumeric(List<String[]> rows, int column) {
        boolean any = false;
        for (String[] row : rows) {
            String value = row[column];
            if (value != null && !value.isEmpty()) {
                if (parse(value) == null) {
                    return false;
                }
                any = true;
            }
        }
        return any;
    }

    /** A number as Java or Python writes it (incl. NaN, Inf, -inf); null when it is not one. */
    static Double parse(String value) {
        char first = value.charAt(0);
        if (Character.isDigit(first) || first == '-' || first == '+' || first == '.') {
            try {
                return Double.parseDouble(value);
            } catch (NumberFormatException e) {
                // fall through to the spelled-out forms
            }
        }
        return switch (value.toLowerCase()) {
            case "nan" -> Double.NaN;
            case "inf", "+inf", "infinity", "+infinity" -> Double.POSITIVE_INFINITY;
            case "-inf", "-infinity" -> Double.NEGATIVE_INFINITY;
            default -> null;
        };
    }

    private interface Builder {
        void add(String value, long line, Path path);

        Column build();
    }

    private static final class NumericBuilder implements Builder {
        private final String name;
        private double[] values = new double[1024];
        private int size;

        NumericBuilder(String name) {
            this.name = name;
        }

        @Override
        public void add(String value, long line, Path path) {
            double v = Double.NaN;
            if (value != null) {
                Double parsed = parse(value);
                if (parsed == null) {
                    throw new TableException(path + " line " + line + ": column '" + name
                            + "' looked numeric but holds '" + value + "'; declare it as a text column");
                }
                v = parsed;
            }
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        @Override
        public Column build() {
            return new Column.Numeric(name, Arrays.copyOf(values, size));
        }
    }

    /**
     * Codes each value as it is read: the column is held dictionary-encoded from the start, a byte
     * per row while it has at most 256 distinct values (ints only past that), so that reading ten
     * million rows of a category holds 16 MB for it rather than 64.
     */
    private static final class TextBuilder implements Builder {
        private final String name;
        private final Map<String, Integer> dictionary = new HashMap<>();
        private final List<String> values = new ArrayList<>();
        private byte[] byteCodes = new byte[1024];
        private int[] intCodes;
        private int size;

        TextBuilder(String name) {
            this.name = name;
        }

        @Override
        public void add(String value, long line, Path path) {
            Integer code = dictionary.get(value);
            if (code == null) {
                code = values.size();
                values.add(value);
                dictionary.put(value, code);
            }
            if (intCodes == null && code >= Column.Text.BYTE_CODES) {
                intCodes = new int[byteCodes.length];
                for (int i = 0; i < size; i++) {
                    intCodes[i] = byteCodes[i] & 0xFF;
                }
                byteCodes = null;
            }
            if (intCodes != null) {
                if (size == intCodes.length) {
                    intCodes = Arrays.copyOf(intCodes, size * 2);
                }
                intCodes[size++] = code;
            } else {
                if (size == byteCodes.length) {
                    byteCodes = Arrays.copyOf(byteCodes, size * 2);
                }
                byteCodes[size++] = (byte) (int) code;
            }
        }

        @Override
        public Column build() {
            return intCodes != null
                    ? new Column.Text(name, new TextCodes(Arrays.copyOf(intCodes, size), values))
                    : new Column.Text(name, values, Arrays.copyOf(byteCodes, size));
        }
    }
}
