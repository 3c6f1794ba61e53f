package dev.ratchet.tracking.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * MLflow's registry filters ({@code name LIKE 'credit%' and tags.team = 'risk'},
 * {@code run_id IN ('a', 'b')}): comparisons of string fields joined by {@code and}, translated to
 * SQL over fields the caller names. Values are always bind parameters.
 */
public final class ClauseFilter {
    /** The most comparisons in one filter. */
    static final int MAX_CLAUSES = 50;

    /** A SQL condition (empty: no filter) and the values of its {@code ?} placeholders, in order. */
    public record Sql(String text, List<Object> binds) {}

    private ClauseFilter() {}

    /**
     * @param fields        the fields a filter may name, each with its SQL expression
     * @param tagExpression the SQL expression of a tag's value with one {@code ?} for its key
     */
    public static Sql where(String filter, Map<String, String> fields, String tagExpression) {
        if (filter == null || filter.isBlank()) {
            return new Sql("", List.of());
        }
        if (filter.length() > FilterParser.MAX_LENGTH) {
            throw new FilterSyntaxException(
                    "filter: " + filter.length() + " characters; at most " + FilterParser.MAX_LENGTH + " are allowed");
        }
        List<Token> tokens = Tokenizer.tokenize(filter);
        List<String> clauses = new ArrayList<>();
        List<Object> binds = new ArrayList<>();
        int next = 0;
        while (true) {
            if (clauses.size() == MAX_CLAUSES) {
                throw FilterParser.error(tokens.get(next), "at most " + MAX_CLAUSES + " comparisons in a filter");
            }
            Token field = tokens.get(next++);
            String left = field(field, fields, tagExpression, binds);
            Token op = tokens.get(next);
            next = Math.min(next + 1, tokens.size() - 1);
            String operator = operator(op);
            if (operator.equals("not in")) {
                if (!tokens.get(next).isKeyword("in")) {
                    throw FilterParser.error(tokens.get(next), "expected 'IN' after 'NOT'");
                }
                next++;
            }
            StringBuilder clause =
                    new StringBuilder(left).append(' ').append(operator).append(' ');
            if (operator.endsWith("in")) {
                if (tokens.get(next).type() != Token.Type.LPAREN) {
                    throw FilterParser.error(
                            tokens.get(next), "expected '(' and a list of quoted strings, e.g. ('a', 'b')");
                }
                clause.append('(');
                do {
                    next++;
                    binds.add(string(tokens.get(next++)));
                    clause.append(clause.charAt(clause.length() - 1) == '(' ? "?" : ", ?");
                } while (tokens.get(next).type() == Token.Type.COMMA);
                if (tokens.get(next).type() != Token.Type.RPAREN) {
                    throw FilterParser.error(tokens.get(next), "expected ',' or ')' in the list after IN");
                }
                next++;
                clause.append(')');
            } else {
                binds.add(string(tokens.get(next++)));
                clause.append('?');
            }
            clauses.add(clause.toString());
            Token after = tokens.get(next);
            if (after.type() == Token.Type.END) {
                return new Sql(String.join(" and ", clauses), binds);
            }
            if (!after.isKeyword("and")) {
                throw FilterParser.error(after, "expected 'and' or the end of the filter");
            }
            next++;
        }
    }

    private static String field(Token token, Map<String, String> fields, String tagExpression, List<Object> binds) {
        String name = token.type() == Token.Type.WORD ? token.text() : "";
        String lower = name.toLowerCase(Locale.ROOT);
        if (fields.containsKey(lower)) {
            return fields.get(lower);
        }
        if (lower.startsWith("tags.") && name.length() > "tags.".length() && tagExpression != null) {
            binds.add(name.substring("tags.".length()));
            return tagExpression;
        }
        throw FilterParser.error(
                token,
                "expected a field: "
                        + String.join(", ", fields.keySet().stream().sorted().toList())
                        + (tagExpression != null ? " or tags.<key>" : ""));
    }

    private static String operator(Token op) {
        if (op.type() == Token.Type.OPERATOR
                && (op.text().equals("=") || op.text().equals("!="))) {
            return op.text().equals("=") ? "=" : "<>";
        }
        for (String keyword : List.of("like", "ilike", "in")) {
            if (op.isKeyword(keyword)) {
                return keyword;
            }
        }
        if (op.isKeyword("not")) {
            return "not in";
        }
        throw FilterParser.error(op, "expected =, !=, LIKE, ILIKE, IN or NOT IN");
    }

    private static String string(Token value) {
        if (value.type() != Token.Type.STRING) {
            throw FilterParser.error(value, "expected a quoted string");
        }
        return value.text();
    }
}
