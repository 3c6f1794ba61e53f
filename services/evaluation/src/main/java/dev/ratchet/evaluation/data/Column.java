package dev.ratchet.evaluation.data;

/** One column of a {@link Table}: numbers (NaN where missing) or text (null where missing). */
public sealed interface Column permits Column.Numeric, Column.Text {
    String name();

    int size();

    boolean isMissing(int row);

    /** The value as written in the file ("" when missing): what slices and row hashes see. */
    String asText(int row);

    /** A numeric column; missing values are NaN. */
    record Numeric(String name, double[] values) implements Column {
        @Override
        public int size() {
            return values.length;
        }

        @Override
        public boolean isMissing(int row) {
            return Double.isNaN(values[row]);
        }

        @Override
        public String asText(int row) {
            double v = values[row];
            if (Double.isNaN(v)) {
                return "";
            }
            return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
        }
    }

    /** A text column; missing values are null. Equal values share one String instance. */
    record Text(String name, String[] values) implements Column {
        @Override
        public int size() {
            return values.length;
        }

        @Override
        public boolean isMissing(int row) {
            return values[row] == null;
        }

        @Override
        public String asText(int row) {
            return values[row] == null ? "" : values[row];
        }
    }
}
