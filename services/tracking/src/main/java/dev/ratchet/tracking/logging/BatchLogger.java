package dev.ratchet.tracking.logging;

import dev.ratchet.common.grpc.ApiException;
import dev.ratchet.common.grpc.Requests;
import dev.ratchet.common.outbox.Outbox;
import dev.ratchet.contract.events.Times;
import dev.ratchet.events.v1.MetricPoint;
import dev.ratchet.events.v1.MetricsLogged;
import dev.ratchet.events.v1.ParamValue;
import dev.ratchet.tracking.metric.MetricBatches;
import dev.ratchet.tracking.metric.MetricStore;
import dev.ratchet.tracking.run.ParamEntry;
import dev.ratchet.tracking.run.Params;
import dev.ratchet.tracking.run.Run;
import dev.ratchet.tracking.run.Runs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a training loop logs through gRPC: metric points, params and tags of one run, stored in one
 * transaction, with the new points announced as MetricsLogged (the same event Kafka producers send,
 * so every consumer sees every point whichever path it took) — in as many events as keep each
 * under the outbox's size bound.
 */
@ApplicationScoped
public class BatchLogger {
    public static final int MAX_PARAMS = 1_000;
    public static final int MAX_TAGS = 1_000;
    public static final int MAX_PARAM_VALUE_LENGTH = 6_000;
    public static final int MAX_TAG_VALUE_LENGTH = 8_000;
    public static final int MAX_BATCH_ID_LENGTH = 100;
    /** Room in an event for what is not the points: the run id and the fields' tags. */
    private static final int EVENT_MARGIN = 1_024;

    /**
     * A batch as the API received it.
     *
     * @param batchId the client's id of the batch, the same on every retry (empty: none)
     */
    public record Batch(
            List<MetricPoint> metrics, Map<String, ParamEntry> params, Map<String, String> tags, String batchId) {
        public Batch(List<MetricPoint> metrics, Map<String, ParamEntry> params, Map<String, String> tags) {
            this(metrics, params, tags, "");
        }

        /** From a request's text params, typed params (a key in both is INVALID_ARGUMENT), metrics and tags. */
        public static Batch of(
                List<MetricPoint> metrics,
                Map<String, String> params,
                Map<String, ParamValue> typed,
                Map<String, String> tags,
                String batchId) {
            return new Batch(
                    metrics,
                    Params.entries(params, typed, false, ApiException::invalidArgument),
                    tags,
                    Requests.optionalText("batch_id", batchId, MAX_BATCH_ID_LENGTH));
        }
    }

    @Inject
    Runs runs;

    @Inject
    MetricStore metrics;

    @Inject
    Outbox outbox;

    @Inject
    BatchStamps stamps;

    /** Stores the batch; returns how many points were new. */
    @Transactional
    public int log(UUID runId, Batch batch) {
        validate(batch);
        Run run = runs.get(runId);
        batch.params().forEach((key, entry) -> {
            ParamEntry logged = run.params.putIfAbsent(key, entry);
            if (logged != null && !logged.equals(entry)) {
                throw ApiException.invalidArgument("param '" + key + "' was logged as " + Params.describe(logged)
                        + " and cannot change to " + Params.describe(entry)
                        + "; params are write-once — log the new value in a new run");
            }
        });
        run.tags.putAll(batch.tags());
        if (batch.metrics().isEmpty()) {
            return 0;
        }
        boolean unstamped = batch.metrics().stream().anyMatch(p -> !p.hasTimestamp());
        Instant stamp =
                unstamped && !batch.batchId().isEmpty() ? stamps.firstSeen(runId, batch.batchId()) : Times.now();
        List<MetricPoint> points = MetricBatches.withTimestamps(batch.metrics(), stamp);
        int stored = metrics.insert(runId, points);
        if (stored > 0) {
            for (List<MetricPoint> part : MetricBatches.partsOfAtMost(points, outbox.maxEventBytes() - EVENT_MARGIN)) {
                outbox.publish(
                        runId.toString(),
                        MetricsLogged.newBuilder()
                                .setRunId(runId.toString())
                                .addAllPoints(part)
                                .build());
            }
        }
        return stored;
    }

    private static void validate(Batch batch) {
        if (!batch.metrics().isEmpty()) {
            MetricBatches.problem(batch.metrics()).ifPresent(problem -> {
                throw ApiException.invalidArgument("metrics: " + problem);
            });
        }
        check("params", Params.texts(batch.params()), MAX_PARAMS, MAX_PARAM_VALUE_LENGTH);
        check("tags", batch.tags(), MAX_TAGS, MAX_TAG_VALUE_LENGTH);
    }

    private static void check(String field, Map<String, String> entries, int maxEntries, int maxValueLength) {
        if (entries.size() > maxEntries) {
            throw ApiException.invalidArgument(
                    field + " has " + entries.size() + " entries; at most " + maxEntries + " per batch, split it");
        }
        entries.forEach((key, value) -> {
            if (key.isBlank() || key.length() > MetricBatches.MAX_KEY_LENGTH) {
                throw ApiException.invalidArgument(
                        field + " key '" + key + "' must have 1 to " + MetricBatches.MAX_KEY_LENGTH + " characters");
            }
            if (value.length() > maxValueLength) {
                throw ApiException.invalidArgument(
                        field + "['" + key + "'] has " + value.length() + " characters; at most " + maxValueLength);
            }
        });
    }
}
