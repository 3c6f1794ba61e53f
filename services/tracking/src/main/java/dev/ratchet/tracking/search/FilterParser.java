package dev.ratchet.tracking.search;

import dev.ratchet.tracking.search.Filter.Comparison;
import dev.ratchet.tracking.search.Filter.Field;
import dev.ratchet.tracking.search.Filter.Kind;
import dev.ratchet.tracking.search.Filter.Operator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Parses MLflow's run filter language, extended with {@code or} and parentheses:
 * <pre>
 * filter     := or
 * or         := and ("or" and)*
 * and        := primary ("and" primary)*
 * primary    := "(" or ")" | comparison
 * comparison := field operator value
 * field      := ("metrics" | "params" | "tags" | "attributes" | "datasets") "." name
 *               name: word, `quoted` or "quoted"
 * operator   := = | != | &lt; | &lt;= | &gt; | &gt;= | LIKE | ILIKE | IN | NOT IN
 * value      := number | 'string' | "string" | "(" 'string' ("," 'string')* ")"   (the list after IN)
 * </pre>
 * Metrics compare numbers; tags compare strings (=, !=, LIKE, ILIKE); params compare strings with a
 * quoted value and numbers with a number ({@code params.lr > 0.001}: typed numbers, and text that
 * reads as a number, e.g. from an MLflow client); attributes are
 * {@code status}, {@code name} (or {@code run_name}), {@code run_id}, {@code experiment_id},
 * {@code user}, {@code approach}, {@code parent_run_id} (strings) and {@code start_time},
 * {@code end_time} (milliseconds since the epoch); {@code datasets.name}, {@code .context},
 * {@code .digest}, {@code .uri} and {@code .version} match when any of the run's datasets matches.
 * IN and NOT IN take a list of strings and compare string fields (MLflow's
 * {@code attributes.run_id IN ('a', 'b')}). MLflow's reserved tags ({@code tags.mlflow.runName},
 * {@code tags.mlflow.parentRunId}, …) read the run's own fields (see {@link ReservedTags}).
 */
public final class FilterParser {
    static final Map<String, Kind> NAMESPACES = Map.of(
            "metrics",
            Kind.METRIC,
            "metric",
            Kind.METRIC,
            "params",
            Kind.PARAM,
            "param",
            Kind.PARAM,
            "tags",
            Kind.TAG,
            "tag",
            Kind.TAG,
            "attributes",
            Kind.ATTRIBUTE,
            "attribute",
            Kind.ATTRIBUTE,
            "run",
            Kind.ATTRIBUTE,
            "datasets",
            Kind.DATASET);
    static final Set<String> STRING_ATTRIBUTES =
            Set.of("status", "name", "run_name", "run_id", "experiment_id", "user", "approach", "parent_run_id");
    static final Set<String> TIME_ATTRIBUTES = Set.of("start_time", "end_time");
    static final Set<String> DATASET_FIELDS = Set.of("name", "context", "digest", "uri", "version");
    /** The most strings in the list of one IN. */
    public static final int MAX_IN_VALUES = 1_000;
    /** The longest filter, the deepest nesting of parentheses and the most comparisons accepted. */
    public static final int MAX_LENGTH = 10_000;

    public static final int MAX_DEPTH = 20;
    public static final int MAX_COMPARISONS = 100;

    private final List<Token> tokens;
    private int next;
    private int depth;
    private int comparisons;

    private FilterParser(String text) {
        if (text.length() > MAX_LENGTH) {
            throw new FilterSyntaxException(
                    "filter: " + text.length() + " characters; at most " + MAX_LENGTH + " are allowed");
        }
        this.tokens = Tokenizer.tokenize(text);
    }

    /** The filter's tree; an empty filter matches every run (null). */
    public static Filter parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        FilterParser parser = new FilterParser(text);
        Filter filter = parser.or();
        Token extra = parser.peek();
        if (extra.type() != Token.Type.END) {
            throw error(extra, "expected 'and', 'or' or the end of the filter");
        }
        return filter;
    }

    /** One field, e.g. {@code metrics.val_f1}, as in an order_by clause. */
    public static Field parseField(String text) {
        FilterParser parser = new FilterParser(text);
        Field field = parser.field();
        Token extra = parser.peek();
        if (extra.type() != Token.Type.END) {
            throw error(extra, "expected the end of the field");
        }
        return field;
    }

    private Filter or() {
        List<Filter> parts = new ArrayList<>(List.of(and()));
        while (peek().isKeyword("or")) {
            next++;
            parts.add(and());
        }
        return parts.size() == 1 ? parts.get(0) : new Filter.Or(parts);
    }

    private Filter and() {
        List<Filter> parts = new ArrayList<>(List.of(primary()));
        while (peek().isKeyword("and")) {
            next++;
            parts.add(primary());
        }
        return parts.size() == 1 ? parts.get(0) : new Filter.And(parts);
    }

    private Filter primary() {
        if (peek().type() == Token.Type.LPAREN) {
            if (++depth > MAX_DEPTH) {
                throw error(peek(), "parentheses nested at most " + MAX_DEPTH + " deep");
            }
            next++;
            Filter inner = or();
            depth--;
            Token close = take();
            if (close.type() != Token.Type.RPAREN) {
                throw error(close, "expected ')'");
            }
            return inner;
        }
        return comparison();
    }

    private Comparison comparison() {
        if (++comparisons > MAX_COMPARISONS) {
            throw error(peek(), "at most " + MAX_COMPARISONS + " comparisons in a filter");
        }
        Field field = field();
        Token op = take();
        Operator operator = operator(op);
        if (operator == Operator.NOT_IN) {
            Token in = take();
            if (!in.isKeyword("in")) {
                throw error(in, "expected 'IN' after 'NOT'");
            }
        }
        if (operator == Operator.IN || operator == Operator.NOT_IN) {
            return new Comparison(field, operator, list(field, op));
        }
        Token value = take();
        return check(field, operator, op, value);
    }

    /** The strings of {@code ('a', 'b', …)} after IN, for a field that holds strings. */
    private List<String> list(Field field, Token op) {
        boolean numeric =
                field.kind() == Kind.METRIC || field.kind() == Kind.ATTRIBUTE && TIME_ATTRIBUTES.contains(field.name());
        if (numeric) {
            throw error(op, describe(field) + " is a number: IN and NOT IN compare strings");
        }
        Token open = take();
        if (open.type() != Token.Type.LPAREN) {
            throw error(open, "expected '(' and a list of quoted strings, e.g. ('a', 'b')");
        }
        List<String> values = new ArrayList<>();
        while (true) {
            Token value = take();
            if (value.type() != Token.Type.STRING) {
                throw error(
                        value,
                        "expected a quoted string in the list after "
                                + op.text().toUpperCase(Locale.ROOT));
            }
            if (values.size() == MAX_IN_VALUES) {
                throw error(value, "at most " + MAX_IN_VALUES + " strings after IN");
            }
            values.add(value.text());
            Token separator = take();
            if (separator.type() == Token.Type.RPAREN) {
                return values;
            }
            if (separator.type() != Token.Type.COMMA) {
                throw error(
                        separator,
                        "expected ',' or ')' in the list after " + op.text().toUpperCase(Locale.ROOT));
            }
        }
    }

    private Field field() {
        Token namespace = take();
        if (namespace.type() != Token.Type.WORD) {
            throw error(
                    namespace,
                    "expected a field such as metrics.<name>, params.<name>, tags.<name> or " + "attributes.<name>");
        }
        String text = namespace.text();
        int dot = text.indexOf('.');
        String prefix = dot < 0 ? text : text.substring(0, dot);
        Kind kind = NAMESPACES.get(prefix.toLowerCase(Locale.ROOT));
        if (kind == null) {
            throw error(
                    namespace,
                    "unknown field namespace '" + prefix + "'; use metrics, params, tags, attributes or datasets");
        }
        String name;
        if (dot >= 0 && dot < text.length() - 1) {
            name = text.substring(dot + 1);
        } else if (dot == text.length() - 1 && peek().type() == Token.Type.QUOTED_NAME) {
            name = take().text();
        } else {
            throw error(namespace, "expected a name after '" + prefix + ".'");
        }
        if (kind == Kind.ATTRIBUTE && !STRING_ATTRIBUTES.contains(name) && !TIME_ATTRIBUTES.contains(name)) {
            throw error(
                    namespace,
                    "unknown attribute '" + name + "'; attributes are status, name, run_id, "
                            + "experiment_id, user, approach, parent_run_id, start_time, end_time");
        }
        if (kind == Kind.DATASET && !DATASET_FIELDS.contains(name)) {
            throw error(
                    namespace,
                    "unknown dataset field '" + name + "'; use datasets.name, datasets.context, "
                            + "datasets.digest, datasets.uri or datasets.version");
        }
        return new Field(kind, name);
    }

    private static Operator operator(Token op) {
        if (op.type() == Token.Type.OPERATOR) {
            for (Operator o : Operator.values()) {
                if (o.symbol.equals(op.text())) {
                    return o;
                }
            }
        }
        if (op.isKeyword("like")) {
            return Operator.LIKE;
        }
        if (op.isKeyword("ilike")) {
            return Operator.ILIKE;
        }
        if (op.isKeyword("in")) {
            return Operator.IN;
        }
        if (op.isKeyword("not")) {
            return Operator.NOT_IN;
        }
        throw error(op, "expected a comparison operator (=, !=, <, <=, >, >=, LIKE, ILIKE, IN, NOT IN)");
    }

    private static Comparison check(Field field, Operator operator, Token op, Token value) {
        if (field.kind() == Kind.PARAM && value.type() == Token.Type.NUMBER) {
            field = new Field(Kind.PARAM_NUMBER, field.name());
        }
        boolean numeric = field.kind() == Kind.METRIC
                || field.kind() == Kind.PARAM_NUMBER
                || field.kind() == Kind.ATTRIBUTE && TIME_ATTRIBUTES.contains(field.name());
        if (numeric) {
            if (field.kind() == Kind.PARAM_NUMBER && (operator == Operator.LIKE || operator == Operator.ILIKE)) {
                throw error(
                        op,
                        "param '" + field.name() + "' is compared with a number: LIKE and ILIKE compare "
                                + "strings; quote the value, e.g. '" + value.text() + "'");
            }
            if (operator == Operator.LIKE || operator == Operator.ILIKE) {
                throw error(op, describe(field) + " is a number: LIKE and ILIKE compare strings");
            }
            if (value.type() != Token.Type.NUMBER) {
                throw error(value, describe(field) + " is a number: compare it with a number");
            }
            return new Comparison(field, operator, Double.parseDouble(value.text()));
        }
        if (value.type() != Token.Type.STRING) {
            throw error(value, describe(field) + " is a string: quote the value, e.g. '" + value.text() + "'");
        }
        if (operator != Operator.EQ
                && operator != Operator.NE
                && operator != Operator.LIKE
                && operator != Operator.ILIKE) {
            throw error(op, describe(field) + " is a string: use =, !=, LIKE or ILIKE");
        }
        return new Comparison(field, operator, value.text());
    }

    private static String describe(Field field) {
        return field.kind().name().toLowerCase(Locale.ROOT) + " '" + field.name() + "'";
    }

    private Token peek() {
        return tokens.get(next);
    }

    private Token take() {
        Token token = tokens.get(next);
        if (token.type() != Token.Type.END) {
            next++;
        }
        return token;
    }

    static FilterSyntaxException error(Token token, String expectation) {
        String found = token.type() == Token.Type.END ? "the end of the filter" : "'" + token.text() + "'";
        return new FilterSyntaxException(
                "filter: " + expectation + ", found " + found + " at position " + (token.position() + 1));
    }
}
