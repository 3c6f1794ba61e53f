package dev.ratchet.tracking.search;

import dev.ratchet.tracking.search.Filter.Comparison;
import dev.ratchet.tracking.search.Filter.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Translates a filter tree into a SQL condition on {@code run r}. Values are always bind
 * parameters; the only text taken from the filter are names validated against fixed lists.
 */
final class SqlFilter {
    /** A SQL fragment and the values of its {@code ?} placeholders, in order. */
    record Sql(String text, List<Object> binds) {}

    private SqlFilter() {}

    static Sql where(Filter filter) {
        List<Object> binds = new ArrayList<>();
        return new Sql(condition(filter, binds), binds);
    }

    /**
     * The ORDER BY terms of a field: a param orders by its number first (numbers in numeric order,
     * before text), then by its text.
     */
    static String orderBy(Field field, String direction, List<Object> binds) {
        String term = expression(field, binds) + " " + direction + " nulls last";
        if (field.kind() == Filter.Kind.PARAM) {
            term = expression(new Field(Filter.Kind.PARAM_NUMBER, field.name()), binds) + " " + direction
                    + " nulls last, " + term;
        }
        return term;
    }

    /** The SQL expression of a field's value for run {@code r}: a number, a string or null. */
    static String expression(Field field, List<Object> binds) {
        return switch (field.kind()) {
            case METRIC -> {
                binds.add(field.name());
                yield "(select ms.last_value from metric_series ms where ms.run_id = r.id and ms.key = ?"
                        + " order by ms.last_step desc, ms.last_timestamp_us desc limit 1)";
            }
            case PARAM -> {
                binds.add(field.name());
                yield "(select p.value from run_param p where p.run_id = r.id and p.key = ?)";
            }
            case PARAM_NUMBER -> {
                binds.add(field.name());
                yield "(select p.number from run_param p where p.run_id = r.id and p.key = ?)";
            }
            case TAG -> {
                binds.add(field.name());
                String tag = "(select t.value from run_tag t where t.run_id = r.id and t.key = ?)";
                String column = ReservedTags.COLUMNS.get(field.name());
                yield column == null ? tag : "coalesce(" + tag + ", " + column + ")";
            }
            case DATASET ->
                throw new IllegalArgumentException(
                        "a run has many datasets: datasets." + field.name() + " can filter runs but not order them");
            case ATTRIBUTE ->
                switch (field.name()) {
                    case "status" -> "r.status";
                    case "name", "run_name" -> "r.name";
                    case "run_id" -> "cast(r.id as text)";
                    case "experiment_id" -> "cast(r.experiment_id as text)";
                    case "parent_run_id" -> "cast(r.parent_run_id as text)";
                    case "user" -> "r.user_name";
                    case "approach" -> "r.approach";
                    case "start_time" -> "(extract(epoch from r.start_time) * 1000)";
                    case "end_time" -> "(extract(epoch from r.end_time) * 1000)";
                    default -> throw new IllegalStateException("attribute " + field.name() + " passed the parser");
                };
        };
    }

    private static String condition(Filter filter, List<Object> binds) {
        if (filter instanceof Filter.And and) {
            return and.parts().stream().map(p -> condition(p, binds)).collect(Collectors.joining(" and ", "(", ")"));
        }
        if (filter instanceof Filter.Or or) {
            return or.parts().stream().map(p -> condition(p, binds)).collect(Collectors.joining(" or ", "(", ")"));
        }
        return comparison((Comparison) filter, binds);
    }

    private static String comparison(Comparison c, List<Object> binds) {
        if (c.field().kind() == Filter.Kind.DATASET) {
            // the column name comes from FilterParser.DATASET_FIELDS, never from the filter text as such
            return "exists (select 1 from run_dataset d where d.run_id = r.id and d."
                    + c.field().name() + " " + sqlOperator(c.operator()) + " " + placeholders(c, binds) + ")";
        }
        String left = expression(c.field(), binds);
        return left + " " + sqlOperator(c.operator()) + " " + placeholders(c, binds);
    }

    /** {@code ?}, or {@code (?, ?, …)} for a list; status and approach are stored in upper case. */
    private static String placeholders(Comparison c, List<Object> binds) {
        boolean upper = c.field().kind() == Filter.Kind.ATTRIBUTE
                && (c.field().name().equals("status") || c.field().name().equals("approach"));
        if (c.value() instanceof List<?> values) {
            values.forEach(v -> binds.add(upper ? v.toString().toUpperCase(Locale.ROOT) : v));
            return values.stream().map(v -> "?").collect(Collectors.joining(", ", "(", ")"));
        }
        binds.add(upper ? c.value().toString().toUpperCase(Locale.ROOT) : c.value());
        return "?";
    }

    private static String sqlOperator(Filter.Operator operator) {
        return switch (operator) {
            case EQ -> "=";
            case NE -> "<>";
            case LT -> "<";
            case LE -> "<=";
            case GT -> ">";
            case GE -> ">=";
            case LIKE -> "like";
            case ILIKE -> "ilike";
            case IN -> "in";
            case NOT_IN -> "not in";
        };
    }
}
