package dev.ratchet.tracking.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ratchet.tracking.search.Filter.And;
import dev.ratchet.tracking.search.Filter.Comparison;
import dev.ratchet.tracking.search.Filter.Field;
import dev.ratchet.tracking.search.Filter.Kind;
import dev.ratchet.tracking.search.Filter.Operator;
import dev.ratchet.tracking.search.Filter.Or;
import java.util.List;
import org.junit.jupiter.api.Test;

class FilterParserTest {

    @Test
    void parsesMlflowFiltersWithOrAndParentheses() {
        Filter filter = FilterParser.parse("metrics.val_f1 > 0.8 and (params.model = 'xgb' OR tags.approach = "
                + "\"simple\") and attributes.start_time >= 1.7e12");
        assertEquals(
                new And(List.of(
                        new Comparison(new Field(Kind.METRIC, "val_f1"), Operator.GT, 0.8),
                        new Or(List.of(
                                new Comparison(new Field(Kind.PARAM, "model"), Operator.EQ, "xgb"),
                                new Comparison(new Field(Kind.TAG, "approach"), Operator.EQ, "simple"))),
                        new Comparison(new Field(Kind.ATTRIBUTE, "start_time"), Operator.GE, 1.7e12))),
                filter);
    }

    @Test
    void andBindsTighterThanOr() {
        Filter filter = FilterParser.parse("metrics.a < 1 or metrics.b < 2 and metrics.c < 3");
        assertEquals(
                new Or(List.of(
                        new Comparison(new Field(Kind.METRIC, "a"), Operator.LT, 1.0),
                        new And(List.of(
                                new Comparison(new Field(Kind.METRIC, "b"), Operator.LT, 2.0),
                                new Comparison(new Field(Kind.METRIC, "c"), Operator.LT, 3.0))))),
                filter);
    }

    @Test
    void quotedNamesAndLikeOperators() {
        assertEquals(
                new Comparison(new Field(Kind.METRIC, "val f1"), Operator.LE, -0.5),
                FilterParser.parse("metrics.`val f1` <= -0.5"));
        assertEquals(
                new Comparison(new Field(Kind.PARAM, "optimizer"), Operator.ILIKE, "%adam%"),
                FilterParser.parse("params.\"optimizer\" ILIKE '%adam%'"));
        assertEquals(
                new Comparison(new Field(Kind.METRIC, "system/cpu"), Operator.NE, 0.0),
                FilterParser.parse("metrics.system/cpu != 0"));
        assertNull(FilterParser.parse("  "));
    }

    @Test
    void inAndNotInTakeAListOfStringsAsMlflowWritesThem() {
        assertEquals(
                new Comparison(new Field(Kind.ATTRIBUTE, "run_id"), Operator.IN, List.of("a1", "b2")),
                FilterParser.parse("attributes.run_id IN ('a1', 'b2')"));
        assertEquals(
                new And(List.of(
                        new Comparison(new Field(Kind.DATASET, "name"), Operator.NOT_IN, List.of("german_credit")),
                        new Comparison(new Field(Kind.DATASET, "context"), Operator.EQ, "training"))),
                FilterParser.parse("datasets.name not in (\"german_credit\") and datasets.context = 'training'"));
        assertEquals(
                new Comparison(new Field(Kind.TAG, "mlflow.parentRunId"), Operator.EQ, "p"),
                FilterParser.parse("tags.mlflow.parentRunId = 'p'"));
    }

    @Test
    void aBadListAfterInSaysWhatToWrite() {
        assertError(
                "filter: expected '(' and a list of quoted strings, e.g. ('a', 'b'), found 'a' at position 22",
                "attributes.run_id IN 'a'");
        assertError(
                "filter: expected ',' or ')' in the list after IN, found the end of the filter at position 26",
                "attributes.run_id IN ('a'");
        assertError(
                "filter: expected a quoted string in the list after IN, found '1' at position 23",
                "attributes.run_id IN (1)");
        assertError("filter: expected 'IN' after 'NOT', found 'a' at position 23", "attributes.run_id NOT 'a'");
        assertError(
                "filter: metric 'loss' is a number: IN and NOT IN compare strings, found 'IN' at position 14",
                "metrics.loss IN ('1')");
    }

    @Test
    void errorsPointAtTheOffendingToken() {
        assertError(
                "filter: expected a comparison operator (=, !=, <, <=, >, >=, LIKE, ILIKE, IN, NOT IN), found the "
                        + "end of the filter at position 14",
                "metrics.loss ");
        assertError(
                "filter: param 'model' is a string: quote the value, e.g. 'xgb', found 'xgb' at position 16",
                "params.model = xgb");
        assertError(
                "filter: unknown field namespace 'foo'; use metrics, params, tags, attributes or datasets, found 'foo.bar' "
                        + "at position 1",
                "foo.bar = 1");
        assertError(
                "filter: metric 'loss' is a number: compare it with a number, found 'a' at position 16",
                "metrics.loss < 'a'");
        assertError("filter: unexpected character '~' at position 14", "metrics.loss ~ 1");
        assertError(
                "filter: expected 'and', 'or' or the end of the filter, found 'metrics.b' at position 15",
                "metrics.a = 1 metrics.b = 2");
        assertError("filter: expected ')', found the end of the filter at position 15", "(metrics.a = 1");
        assertError(
                "filter: unknown attribute 'color'; attributes are status, name, run_id, experiment_id, "
                        + "user, approach, parent_run_id, start_time, end_time, found 'attributes.color' at position 1",
                "attributes.color = 'red'");
        assertError("filter: unterminated quote ' at position 16", "params.model = 'xgb");
    }

    @Test
    void hostileFiltersAreRefusedBeforeTheyCostAnything() {
        assertError(
                "filter: parentheses nested at most 20 deep, found '(' at position 21",
                "(".repeat(4_000) + "metrics.a > 1" + ")".repeat(4_000));
        assertError("filter: parentheses nested at most 20 deep, found '(' at position 21", "(".repeat(9_999));
        assertError("filter: 10001 characters; at most 10000 are allowed", "(".repeat(10_001));
        String many = String.join(" or ", java.util.Collections.nCopies(101, "metrics.a > 1"));
        assertError("filter: at most 100 comparisons in a filter, found 'metrics.a' at position 1701", many);
        assertTrue(
                FilterParser.parse("(".repeat(20) + "metrics.a > 1" + ")".repeat(20)) instanceof Filter.Comparison,
                "20 deep is allowed");
    }

    private static void assertError(String message, String filter) {
        assertEquals(
                message,
                assertThrows(FilterSyntaxException.class, () -> FilterParser.parse(filter))
                        .getMessage());
    }
}
