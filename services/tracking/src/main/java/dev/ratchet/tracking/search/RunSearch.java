package dev.ratchet.tracking.search;

import dev.ratchet.common.grpc.ApiException;
import dev.ratchet.tracking.search.Filter.Field;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** Finds runs by filter, ordered and paged. */
@ApplicationScoped
public class RunSearch {
    public static final int DEFAULT_MAX_RESULTS = 100;
    public static final int MAX_RESULTS = 1_000;

    @Inject
    EntityManager entityManager;

    /** What to look for; {@code filter} and {@code orderBy} in the filter language. */
    public record Query(
            List<UUID> experimentIds,
            String filter,
            List<String> orderBy,
            int maxResults,
            String pageToken,
            Lifecycle lifecycle) {}

    /** Which runs a search sees: MLflow's view types (runs are deleted only through its API). */
    public enum Lifecycle {
        ACTIVE_ONLY("not r.deleted"),
        DELETED_ONLY("r.deleted"),
        ALL("true");

        final String condition;

        Lifecycle(String condition) {
            this.condition = condition;
        }
    }

    /** One page of run ids and the token of the next page (empty on the last). */
    public record Page(List<UUID> runIds, String nextPageToken) {}

    @Transactional
    public Page search(Query query) {
        int maxResults = query.maxResults() == 0 ? DEFAULT_MAX_RESULTS : query.maxResults();
        if (maxResults < 1 || maxResults > MAX_RESULTS) {
            throw ApiException.invalidArgument(
                    "max_results must be 1 to " + MAX_RESULTS + " (0: " + DEFAULT_MAX_RESULTS + ")");
        }
        int offset = PageTokens.offset(query.pageToken(), "SearchRuns");
        List<Object> binds = new ArrayList<>();
        StringBuilder sql = new StringBuilder("select r.id from run r where r.experiment_id is not null and ")
                .append(query.lifecycle().condition);
        if (!query.experimentIds().isEmpty()) {
            sql.append(" and r.experiment_id in (");
            for (int i = 0; i < query.experimentIds().size(); i++) {
                sql.append(i == 0 ? "?" : ", ?");
                binds.add(query.experimentIds().get(i));
            }
            sql.append(')');
        }
        Filter filter = parse(query.filter());
        if (filter != null) {
            SqlFilter.Sql where = SqlFilter.where(filter);
            sql.append(" and ").append(where.text());
            binds.addAll(where.binds());
        }
        sql.append(" order by ");
        for (String order : query.orderBy()) {
            sql.append(orderTerm(order, binds)).append(", ");
        }
        sql.append("r.start_time desc nulls last, r.id limit ? offset ?");
        binds.add(maxResults + 1);
        binds.add(offset);

        jakarta.persistence.Query nativeQuery = entityManager.createNativeQuery(Placeholders.numbered(sql.toString()));
        for (int i = 0; i < binds.size(); i++) {
            nativeQuery.setParameter(i + 1, binds.get(i));
        }
        @SuppressWarnings("unchecked")
        List<UUID> ids = nativeQuery.getResultList();
        boolean more = ids.size() > maxResults;
        return new Page(more ? ids.subList(0, maxResults) : ids, more ? PageTokens.token(offset + maxResults) : "");
    }

    private static Filter parse(String filter) {
        try {
            return FilterParser.parse(filter);
        } catch (FilterSyntaxException e) {
            throw ApiException.invalidArgument(e.getMessage());
        }
    }

    /** {@code metrics.val_f1 DESC}, {@code params.lr}, {@code attributes.start_time ASC}. */
    private static String orderTerm(String order, List<Object> binds) {
        String[] words = order.strip().split("\\s+");
        if (words.length == 0 || words.length > 2 || words[0].isEmpty()) {
            throw ApiException.invalidArgument(
                    "order_by '" + order + "' must be a field, optionally followed by " + "ASC or DESC");
        }
        String direction = words.length == 2 ? words[1].toUpperCase(Locale.ROOT) : "ASC";
        if (!direction.equals("ASC") && !direction.equals("DESC")) {
            throw ApiException.invalidArgument("order_by '" + order + "': '" + words[1] + "' is not ASC or DESC");
        }
        Field field;
        try {
            field = FilterParser.parseField(words[0]);
        } catch (FilterSyntaxException e) {
            throw ApiException.invalidArgument("order_by '" + order + "': " + e.getMessage());
        }
        try {
            return SqlFilter.orderBy(field, direction, binds);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidArgument("order_by '" + order + "': " + e.getMessage());
        }
    }
}
