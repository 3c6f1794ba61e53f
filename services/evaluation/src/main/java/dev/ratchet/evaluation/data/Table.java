package dev.ratchet.evaluation.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A test or training set held column by column, with its source for error messages. */
public final class Table {
    private final String source;
    private final int rows;
    private final Map<String, Column> columns = new LinkedHashMap<>();

    public Table(String source, int rows, List<Column> columns) {
        this.source = source;
        this.rows = rows;
        for (Column column : columns) {
            if (column.size() != rows) {
                throw new IllegalArgumentException(column.name() + " has " + column.size() + " rows, not " + rows);
            }
            this.columns.put(column.name(), column);
        }
    }

    public String source() {
        return source;
    }

    public int rows() {
        return rows;
    }

    public List<String> columnNames() {
        return new ArrayList<>(columns.keySet());
    }

    public boolean has(String name) {
        return columns.containsKey(name);
    }

    public Column column(String name) {
        Column column = columns.get(name);
        if (column == null) {
            throw new TableException(source + " has no column '" + name + "'; its columns are " + columnNames());
        }
        return column;
    }

    /** The column's numbers; an error naming the column when it holds text. */
    public double[] numbers(String name) {
        if (column(name) instanceof Column.Numeric numeric) {
            return numeric.values();
        }
        throw new TableException("column '" + name + "' of " + source + " must be numeric but holds text");
    }

    /** Every value as text ("" for missing), whatever the column's type: labels, ids, slice keys. */
    public String[] texts(String name) {
        Column column = column(name);
        if (column instanceof Column.Text text) {
            return text.values();
        }
        String[] values = new String[rows];
        for (int i = 0; i < rows; i++) {
            values[i] = column.isMissing(i) ? null : column.asText(i);
        }
        return values;
    }

    /** Every row's value coded as {@link #texts} gives them: a text column's own dictionary, or a coding made now. */
    public TextCodes coded(String name) {
        return column(name) instanceof Column.Text text ? text.coded() : TextCodes.of(texts(name));
    }

    /** The column's distinct values as {@link #texts} gives them (null for missing): a text column's dictionary. */
    public List<String> distinct(String name) {
        return column(name) instanceof Column.Text text
                ? text.dictionary()
                : TextCodes.of(texts(name)).values();
    }

    /** Fails, naming the first row (1-based data row) where the column has no value. */
    public void requireComplete(String name, String role) {
        Column column = column(name);
        for (int i = 0; i < rows; i++) {
            if (column.isMissing(i)) {
                throw new TableException(source + " row " + (i + 1) + ": no value in " + role + " column '" + name
                        + "'; fill it or drop the row");
            }
        }
    }
}
