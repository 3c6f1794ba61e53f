package dev.ratchet.evaluation.profile;

import dev.ratchet.evaluation.data.Table;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether an id column names one entity per value. The columns that describe an entity (a person's
 * gender, a customer's birth year) are those constant across the rows of nearly every id; an id
 * whose rows disagree on such a column is probably two entities under one id — and a group split
 * by it would keep together what should not be, or part what should.
 */
final class ReusedIds {
    /**
     * A column constant for at least this share of the repeated ids describes the entity. Columns
     * that change for a few percent of entities are their history (in the wage panel 2.5 % of
     * people move south or north), not their identity; so only a rarer disagreement counts.
     */
    static final double ENTITY_COLUMN_SHARE = 0.99;

    static final int SHOWN_IDS = 10;

    private ReusedIds() {}

    /** A warning when some ids' rows disagree on the entity's columns, over every part's rows. */
    static Optional<String> check(List<Table> parts, String idColumn, Set<String> skipped) {
        List<String> attributes = parts.get(0).columnNames().stream()
                .filter(c -> !c.equals(idColumn) && !skipped.contains(c))
                .filter(c -> parts.stream().allMatch(p -> p.has(c)))
                .toList();
        Map<String, Integer> entities = new HashMap<>();
        List<String> ids = new ArrayList<>();
        List<Integer> rowsOf = new ArrayList<>();
        for (Table part : parts) {
            for (int row = 0; row < part.rows(); row++) {
                String id = part.column(idColumn).asText(row);
                int entity = entities.computeIfAbsent(id, key -> {
                    ids.add(key);
                    rowsOf.add(0);
                    return ids.size() - 1;
                });
                rowsOf.set(entity, rowsOf.get(entity) + 1);
            }
        }
        long repeated = rowsOf.stream().filter(n -> n > 1).count();
        if (repeated == 0) {
            return Optional.empty();
        }
        BitSet suspicious = new BitSet();
        Set<String> telling = new TreeSet<>();
        for (String attribute : attributes) {
            BitSet varying = varying(parts, idColumn, attribute, entities);
            if (varying.cardinality() > 0 && 1 - (double) varying.cardinality() / repeated >= ENTITY_COLUMN_SHARE) {
                suspicious.or(varying);
                telling.add(attribute);
            }
        }
        if (suspicious.isEmpty()) {
            return Optional.empty();
        }
        List<String> shown =
                suspicious.stream().limit(SHOWN_IDS).mapToObj(ids::get).toList();
        return Optional.of("id column '" + idColumn + "': " + suspicious.cardinality() + " of " + ids.size()
                + " ids have rows that disagree on " + telling + ", which are constant for the other ids: "
                + String.join(", ", shown) + (suspicious.cardinality() > SHOWN_IDS ? ", …" : "")
                + ". Are these ids reused for different entities? Group splits and leakage checks by '"
                + idColumn + "' trust it to name one entity.");
    }

    /** The entities whose rows hold more than one value of the attribute. */
    private static BitSet varying(List<Table> parts, String idColumn, String attribute, Map<String, Integer> entities) {
        String[] first = new String[entities.size()];
        boolean[] seen = new boolean[entities.size()];
        BitSet varying = new BitSet();
        for (Table part : parts) {
            for (int row = 0; row < part.rows(); row++) {
                int entity = entities.get(part.column(idColumn).asText(row));
                String value = part.column(attribute).asText(row);
                if (!seen[entity]) {
                    seen[entity] = true;
                    first[entity] = value;
                } else if (!Objects.equals(first[entity], value)) {
                    varying.set(entity);
                }
            }
        }
        return varying;
    }
}
