package dev.ratchet.tracking.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClauseFilterTest {
    private static final Map<String, String> FIELDS = Map.of("name", "m.name", "run_id", "cast(v.run_id as text)");
    private static final String TAG = "(select value from tag where key = ?)";

    @Test
    void clausesJoinedByAndBecomeBoundSql() {
        ClauseFilter.Sql sql = ClauseFilter.where(
                "name LIKE 'credit%' and tags.team = 'risk' and run_id NOT IN " + "('a', 'b')", FIELDS, TAG);
        assertEquals(
                "m.name like ? and (select value from tag where key = ?) = ? and cast(v.run_id as text) not in "
                        + "(?, ?)",
                sql.text());
        assertEquals(List.of("credit%", "team", "risk", "a", "b"), sql.binds());
        assertEquals("", ClauseFilter.where(" ", FIELDS, TAG).text());
        assertEquals(
                List.of("x"), ClauseFilter.where("NAME != 'x'", FIELDS, TAG).binds());
    }

    @Test
    void aBadFilterSaysWhatToWrite() {
        assertError(
                "filter: expected a field: name, run_id or tags.<key>, found 'source' at position 1", "source = 'x'");
        assertError("filter: expected =, !=, LIKE, ILIKE, IN or NOT IN, found '<' at position 6", "name < 'x'");
        assertError("filter: expected a quoted string, found '3' at position 8", "name = 3");
        assertError(
                "filter: expected 'and' or the end of the filter, found 'or' at position 12",
                "name = 'a' or name = 'b'");
        assertError(
                "filter: expected ',' or ')' in the list after IN, found the end of the filter at position 15",
                "run_id IN ('a'");
        assertError("filter: expected a field: name, run_id, found 'tags.team' at position 1", "tags.team = 'x'", null);
    }

    private static void assertError(String message, String filter) {
        assertError(message, filter, TAG);
    }

    private static void assertError(String message, String filter, String tag) {
        assertEquals(
                message,
                assertThrows(FilterSyntaxException.class, () -> ClauseFilter.where(filter, FIELDS, tag))
                        .getMessage());
    }
}
