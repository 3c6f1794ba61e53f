package dev.ratchet.tracking.search;

import java.util.List;

/** The syntax tree of a run filter such as {@code metrics.val_f1 > 0.8 and params.model = 'xgb'}. */
public sealed interface Filter {

    /** Every part must hold. */
    record And(List<Filter> parts) implements Filter {}

    /** One part must hold. */
    record Or(List<Filter> parts) implements Filter {}

    /**
     * {@code field op value}, e.g. {@code metrics.loss < 0.3}; the value is a Double, a String, or
     * for IN and NOT IN a List of Strings.
     */
    record Comparison(Field field, Operator operator, Object value) implements Filter {}

    /** What a comparison looks at: a metric's latest value, a param, a tag, an attribute, or any of the run's datasets. */
    record Field(Kind kind, String name) {}

    /**
     * The namespaces of fields. PARAM_NUMBER is a param compared with a number: its typed number,
     * or its text read as one.
     */
    enum Kind {
        METRIC,
        PARAM,
        PARAM_NUMBER,
        TAG,
        ATTRIBUTE,
        DATASET
    }

    /** Comparison operators, as written. */
    enum Operator {
        EQ("="),
        NE("!="),
        LT("<"),
        LE("<="),
        GT(">"),
        GE(">="),
        LIKE("LIKE"),
        ILIKE("ILIKE"),
        IN("IN"),
        NOT_IN("NOT IN");

        final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }
    }
}
