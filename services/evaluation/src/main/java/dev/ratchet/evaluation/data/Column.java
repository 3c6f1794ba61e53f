package dev.ratchet.evaluation.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

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

    /**
     * A text column, dictionary-encoded: its distinct values (null, for missing, among them) and
     * each row's index into them — one byte per row when there are at most 256 values (labels,
     * categories), else an int. Ten million rows of a category cost 10 MB, not the 40 MB of
     * references to shared strings, and slicing by the column needs no hashing.
     */
    final class Text implements Column {
        static final int BYTE_CODES = 256;

        private final String name;
        private final List<String> dictionary;
        private final byte[] byteCodes;
        private final int[] intCodes;

        public Text(String name, String[] values) {
            this(name, TextCodes.of(values));
        }

        public Text(String name, TextCodes coded) {
            this.name = name;
            this.dictionary = Collections.unmodifiableList(new ArrayList<>(coded.values()));
            int[] codes = coded.codes();
            if (dictionary.size() <= BYTE_CODES) {
                byteCodes = new byte[codes.length];
                for (int i = 0; i < codes.length; i++) {
                    byteCodes[i] = (byte) codes[i];
                }
                intCodes = null;
            } else {
                byteCodes = null;
                intCodes = codes;
            }
        }

        /** A column of at most {@value #BYTE_CODES} distinct values, coded a byte per row as it was read. */
        Text(String name, List<String> dictionary, byte[] byteCodes) {
            if (dictionary.size() > BYTE_CODES) {
                throw new IllegalArgumentException(dictionary.size() + " values do not fit byte codes");
            }
            this.name = name;
            this.dictionary = Collections.unmodifiableList(new ArrayList<>(dictionary));
            this.byteCodes = byteCodes;
            this.intCodes = null;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public int size() {
            return byteCodes != null ? byteCodes.length : intCodes.length;
        }

        /** The index of the row's value among {@link #dictionary}. */
        public int code(int row) {
            return byteCodes != null ? byteCodes[row] & 0xFF : intCodes[row];
        }

        /** The distinct values, null among them when a value is missing. */
        public List<String> dictionary() {
            return dictionary;
        }

        public String value(int row) {
            return dictionary.get(code(row));
        }

        @Override
        public boolean isMissing(int row) {
            return value(row) == null;
        }

        @Override
        public String asText(int row) {
            String value = value(row);
            return value == null ? "" : value;
        }

        /** Every row's value (null where missing), in a new array. */
        public String[] values() {
            String[] values = new String[size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = value(i);
            }
            return values;
        }

        /** Every row's code in a new array, with the dictionary. */
        public TextCodes coded() {
            int[] codes = new int[size()];
            for (int i = 0; i < codes.length; i++) {
                codes[i] = code(i);
            }
            return new TextCodes(codes, dictionary);
        }
    }
}
