package dev.ratchet.tracking.metric;

import dev.ratchet.contract.events.Times;
import dev.ratchet.events.v1.MetricContext;
import dev.ratchet.events.v1.MetricPoint;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.Session;

/**
 * Metric series in PostgreSQL. Points are written with one JDBC batch per call and
 * {@code on conflict do nothing}, so a redelivered or retried batch leaves the series unchanged.
 */
@ApplicationScoped
public class MetricStore {
    public static final int DEFAULT_MAX_POINTS = 10_000;
    public static final int MAX_POINTS = 100_000;
    /** Downsampling keeps four points per bucket. */
    public static final int MIN_POINTS = 4;

    @Inject
    EntityManager entityManager;

    /** The latest value of one series of a run. */
    public record Summary(String key, MetricContext context, double lastValue, long lastStep, long pointCount) {}

    /** A series as returned: whole, or downsampled when it had more than the points asked for. */
    public record History(List<MetricPoint> points, boolean downsampled, long totalPoints) {}

    /**
     * Stores points of a run that exists; returns how many were new. One statement per batch: the
     * points travel as five arrays and are unnested by PostgreSQL (a JDBC batch of single-row
     * inserts costs a round of parsing and planning per row), and the same statement folds the new
     * points into their series' summaries (latest, lowest, highest, count) — upserted in key order,
     * so concurrent batches lock series rows in one order.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int insert(UUID runId, List<MetricPoint> points) {
        int n = points.size();
        String[] keys = new String[n];
        Short[] contexts = new Short[n];
        Long[] steps = new Long[n];
        Long[] timestamps = new Long[n];
        Double[] values = new Double[n];
        for (int i = 0; i < n; i++) {
            MetricPoint point = points.get(i);
            keys[i] = point.getKey();
            contexts[i] = (short) point.getContextValue();
            steps[i] = point.getStep();
            timestamps[i] = micros(Times.toInstant(point.getTimestamp()));
            values[i] = point.getValue();
        }
        int[] inserted = new int[1];
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                insert.setObject(1, runId);
                insert.setArray(2, connection.createArrayOf("text", keys));
                insert.setArray(3, connection.createArrayOf("int2", contexts));
                insert.setArray(4, connection.createArrayOf("int8", steps));
                insert.setArray(5, connection.createArrayOf("int8", timestamps));
                insert.setArray(6, connection.createArrayOf("float8", values));
                insert.setObject(7, runId);
                try (ResultSet count = insert.executeQuery()) {
                    count.next();
                    inserted[0] = count.getInt(1);
                }
            }
        });
        return inserted[0];
    }

    /** A point is newer than another when its step is higher, or its step equal and its time later. */
    private static final String NEWER =
            "(excluded.last_step, excluded.last_timestamp_us) > (s.last_step, s.last_timestamp_us)";

    private static final String INSERT = """
            with stored as (
                insert into metric_point (run_id, key, context, step, timestamp_us, value)
                select ?, p.key, p.context, p.step, p.timestamp_us, p.value
                from unnest(?::text[], ?::smallint[], ?::bigint[], ?::bigint[], ?::float8[])
                    as p(key, context, step, timestamp_us, value)
                on conflict do nothing
                returning key, context, step, timestamp_us, value
            ), summaries as (
                insert into metric_series as s (run_id, key, context, last_step, last_timestamp_us, last_value,
                                                min_value, max_value, point_count)
                select ?, key, context,
                       (array_agg(step order by step desc, timestamp_us desc))[1],
                       (array_agg(timestamp_us order by step desc, timestamp_us desc))[1],
                       (array_agg(value order by step desc, timestamp_us desc))[1],
                       min(value), max(value), count(*)
                from stored group by key, context order by key, context
                on conflict (run_id, key, context) do update set
                    last_step = case when %1$s then excluded.last_step else s.last_step end,
                    last_timestamp_us = case when %1$s then excluded.last_timestamp_us else s.last_timestamp_us end,
                    last_value = case when %1$s then excluded.last_value else s.last_value end,
                    min_value = least(s.min_value, excluded.min_value),
                    max_value = greatest(s.max_value, excluded.max_value),
                    point_count = s.point_count + excluded.point_count
            )
            select count(*) from stored""".formatted(NEWER);

    /**
     * The series of one metric; longer than {@code maxPoints} (at least 4), it is cut into
     * {@code maxPoints / 4} buckets of consecutive points, and each bucket keeps its first, last,
     * lowest and highest point (M4). The work is done in PostgreSQL: only the kept points travel.
     */
    @Transactional
    public History history(UUID runId, String key, MetricContext context, int maxPoints) {
        return history(runId, key, context, maxPoints, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** The points of {@code firstStep <= step <= lastStep}, downsampled as {@link #history(UUID, String, MetricContext, int)}. */
    @Transactional
    public History history(
            UUID runId, String key, MetricContext context, int maxPoints, long firstStep, long lastStep) {
        boolean anyContext = context == MetricContext.METRIC_CONTEXT_UNSPECIFIED;
        long total = count(runId, key, context, anyContext, firstStep, lastStep);
        boolean downsample = total > maxPoints;
        List<MetricPoint> points = new ArrayList<>();
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement query = connection.prepareStatement(downsample ? DOWNSAMPLED : WHOLE)) {
                query.setObject(1, runId);
                query.setString(2, key);
                query.setBoolean(3, anyContext);
                query.setShort(4, (short) context.getNumber());
                query.setLong(5, firstStep);
                query.setLong(6, lastStep);
                if (downsample) {
                    query.setLong(7, maxPoints / 4);
                    query.setLong(8, total);
                }
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        points.add(point(key, rows));
                    }
                }
            }
        });
        return new History(points, downsample, total);
    }

    private static final String SERIES = """
            select context, step, timestamp_us, value from metric_point
            where run_id = ? and key = ? and (? or context = ?) and step between ? and ?""";

    private static final String WHOLE = SERIES + " order by step, timestamp_us, context";

    /** M4: per bucket of consecutive points, the first, last, lowest and highest (NaN sorts highest). */
    private static final String DOWNSAMPLED = """
            with series as (
                select context, step, timestamp_us, value,
                       row_number() over (order by step, timestamp_us, context) - 1 as i
                from (%s) points
            ), bucketed as (
                select *, i * ? / ? as bucket from series
            ), ranked as (
                select *,
                       row_number() over (partition by bucket order by i) as first_rank,
                       row_number() over (partition by bucket order by i desc) as last_rank,
                       row_number() over (partition by bucket order by value, i) as low_rank,
                       row_number() over (partition by bucket order by value desc, i) as high_rank
                from bucketed
            )
            select context, step, timestamp_us, value from ranked
            where first_rank = 1 or last_rank = 1 or low_rank = 1 or high_rank = 1
            order by i""".formatted(SERIES);

    /** The series' points in the step range: kept at write time for the whole series, counted for a window. */
    private long count(
            UUID runId, String key, MetricContext context, boolean anyContext, long firstStep, long lastStep) {
        if (firstStep == Long.MIN_VALUE && lastStep == Long.MAX_VALUE) {
            return ((Number) entityManager
                            .createNativeQuery("""
                    select coalesce(sum(point_count), 0) from metric_series
                    where run_id = ?1 and key = ?2 and (?3 or context = ?4)""")
                            .setParameter(1, runId)
                            .setParameter(2, key)
                            .setParameter(3, anyContext)
                            .setParameter(4, (short) context.getNumber())
                            .getSingleResult())
                    .longValue();
        }
        return ((Number) entityManager
                        .createNativeQuery("""
                select count(*) from metric_point where run_id = ?1 and key = ?2 and (?3 or context = ?4)
                and step between ?5 and ?6""")
                        .setParameter(1, runId)
                        .setParameter(2, key)
                        .setParameter(3, anyContext)
                        .setParameter(4, (short) context.getNumber())
                        .setParameter(5, firstStep)
                        .setParameter(6, lastStep)
                        .getSingleResult())
                .longValue();
    }

    /** The run's latest value of a metric (highest step, then newest), in any context. */
    @Transactional
    public Optional<Double> latest(UUID runId, String key) {
        List<?> rows = entityManager
                .createNativeQuery("""
                select last_value from metric_series where run_id = ?1 and key = ?2
                order by last_step desc, last_timestamp_us desc limit 1""")
                .setParameter(1, runId)
                .setParameter(2, key)
                .getResultList();
        return rows.isEmpty() ? Optional.empty() : Optional.of(((Number) rows.get(0)).doubleValue());
    }

    /** The run's series, each with its latest value and step and its count of points, by key and context. */
    @Transactional
    public List<Summary> summaries(UUID runId) {
        return summaries(List.of(runId)).getOrDefault(runId, List.of());
    }

    /** The series of several runs in one query (a page of search results), by run. */
    @Transactional
    public Map<UUID, List<Summary>> summaries(Collection<UUID> runIds) {
        Map<UUID, List<Summary>> summaries = new HashMap<>();
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement query = connection.prepareStatement("""
                    select run_id, key, context, last_value, last_step, point_count from metric_series
                    where run_id = any(?) order by run_id, key, context""")) {
                query.setArray(1, connection.createArrayOf("uuid", runIds.toArray()));
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        summaries
                                .computeIfAbsent(rows.getObject(1, UUID.class), id -> new ArrayList<>())
                                .add(new Summary(
                                        rows.getString(2),
                                        MetricContext.forNumber(rows.getShort(3)),
                                        rows.getDouble(4),
                                        rows.getLong(5),
                                        rows.getLong(6)));
                    }
                }
            }
        });
        return summaries;
    }

    private static MetricPoint point(String key, ResultSet row) throws SQLException {
        long micros = row.getLong(3);
        return MetricPoint.newBuilder()
                .setKey(key)
                .setContext(MetricContext.forNumber(row.getShort(1)))
                .setStep(row.getLong(2))
                .setTimestamp(Times.toProto(Instant.ofEpochSecond(
                        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L)))
                .setValue(row.getDouble(4))
                .build();
    }

    private static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000L);
    }
}
