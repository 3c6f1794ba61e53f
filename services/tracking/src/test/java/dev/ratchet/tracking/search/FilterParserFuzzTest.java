package dev.ratchet.tracking.search;

import java.util.ArrayList;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Fuzzing the search filter: strings made of the language's own tokens in any order (so most get
 * deep into the parser), mixed with arbitrary text. Each either parses — and then translates to
 * SQL — or is refused with FilterSyntaxException; anything else thrown is a crash. Seeded;
 * -Pfuzz runs 10^6 inputs.
 */
class FilterParserFuzzTest {

    @Property(seed = "20261202")
    void aFilterParsesOrIsRefusedNeverCrashes(@ForAll("filters") String filter) {
        Filter parsed;
        try {
            parsed = FilterParser.parse(filter);
        } catch (FilterSyntaxException refused) {
            return;
        }
        if (parsed != null) {
            SqlFilter.where(parsed);
        }
    }

    @Property(seed = "20261202")
    void anOrderByFieldParsesOrIsRefusedNeverCrashes(@ForAll("filters") String field) {
        try {
            SqlFilter.orderBy(FilterParser.parseField(field), "ASC", new ArrayList<>());
        } catch (FilterSyntaxException refused) {
            // a clear refusal
        } catch (IllegalArgumentException unorderable) {
            // datasets.* filter but do not order: RunSearch answers it INVALID_ARGUMENT with this message
        }
    }

    @Provide
    Arbitrary<String> filters() {
        Arbitrary<String> token = Arbitraries.frequencyOf(
                Tuple.of(
                        10,
                        Arbitraries.of(
                                "metrics.loss",
                                "metrics.`val f1`",
                                "params.lr",
                                "params.model",
                                "tags.approach",
                                "attributes.status",
                                "attributes.start_time",
                                "attributes.run_id",
                                "datasets.digest",
                                "attributes.color",
                                "foo.bar",
                                "metrics",
                                "metrics.")),
                Tuple.of(8, Arbitraries.of("=", "!=", "<", "<=", ">", ">=", "LIKE", "ILIKE", "!", "~")),
                Tuple.of(
                        8,
                        Arbitraries.of(
                                "0.5",
                                "-1",
                                "1e308",
                                "1e999",
                                "NaN",
                                "'xgb'",
                                "\"x\"",
                                "'%a_'",
                                "'unterminated",
                                "`q`",
                                "''",
                                "9999999999999999999999")),
                Tuple.of(6, Arbitraries.of("and", "or", "AND", "Or", "(", ")", "((", "))")),
                Tuple.of(2, Arbitraries.strings().ofMaxLength(8)));
        return token.list().ofMaxSize(30).map(tokens -> String.join(" ", tokens));
    }
}
