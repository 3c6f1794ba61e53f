package dev.ratchet.tracking.mlflow;

import static dev.ratchet.tracking.mlflow.MlflowJson.invalid;
import static dev.ratchet.tracking.mlflow.MlflowJson.millis;
import static dev.ratchet.tracking.mlflow.MlflowJson.number;
import static dev.ratchet.tracking.mlflow.MlflowJson.object;
import static dev.ratchet.tracking.mlflow.MlflowJson.pairs;
import static dev.ratchet.tracking.mlflow.MlflowJson.query;
import static dev.ratchet.tracking.mlflow.MlflowJson.required;
import static dev.ratchet.tracking.mlflow.MlflowJson.runId;
import static dev.ratchet.tracking.mlflow.MlflowJson.text;
import static dev.ratchet.tracking.mlflow.MlflowJson.uuid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Timestamp;
import dev.ratchet.common.grpc.ApiException;
import dev.ratchet.common.grpc.Requests;
import dev.ratchet.events.v1.MetricContext;
import dev.ratchet.events.v1.MetricPoint;
import dev.ratchet.tracking.artifact.Artifacts;
import dev.ratchet.tracking.context.RunContexts;
import dev.ratchet.tracking.experiment.Experiment;
import dev.ratchet.tracking.experiment.Experiments;
import dev.ratchet.tracking.logging.BatchLogger;
import dev.ratchet.tracking.metric.MetricStore;
import dev.ratchet.tracking.mlflow.MlflowJson.MlflowException;
import dev.ratchet.tracking.run.ParamEntry;
import dev.ratchet.tracking.run.Params;
import dev.ratchet.tracking.run.RunStatus;
import dev.ratchet.tracking.run.Runs;
import dev.ratchet.tracking.search.ReservedTags;
import dev.ratchet.tracking.search.RunSearch;
import dev.ratchet.tracking.v1.GitSource;
import dev.ratchet.tracking.v1.Run;
import dev.ratchet.tracking.view.RunViews;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MLflow's tracking REST API (`/api/2.0/mlflow/…`, as its service.proto defines it) over Ratchet's
 * own services: a run logged here is the run gRPC, events, baselines and evaluation see, and
 * logging here emits the same events. Point `MLFLOW_TRACKING_URI` at the service's HTTP port.
 */
@Path("/api/2.0/mlflow")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class MlflowApi {
    /** MLflow's log-batch limits. */
    static final int MAX_BATCH_METRICS = 1000;

    static final int MAX_BATCH_PARAMS = 100;
    static final int MAX_BATCH_TAGS = 100;
    static final int MAX_BODY_BYTES = 1_000_000;
    private static final int MAX_NAME_LENGTH = 200;
    private static final Pattern NAME_FILTER = Pattern.compile(
            "\\s*(?:attributes?\\.)?name\\s*(=|!=|LIKE|ILIKE)\\s*'([^']*)'\\s*", Pattern.CASE_INSENSITIVE);

    @Inject
    Experiments experiments;

    @Inject
    Runs runs;

    @Inject
    RunViews views;

    @Inject
    BatchLogger batches;

    @Inject
    RunContexts contexts;

    @Inject
    RunSearch search;

    @Inject
    MetricStore metrics;

    @Inject
    MlflowModels models;

    @Inject
    Artifacts artifacts;

    // ---- experiments ----

    @POST
    @Path("experiments/create")
    public String createExperiment(String body) {
        JsonNode request = parse(body);
        Experiment experiment = experiments.create(Requests.text("name", required(request, "name"), MAX_NAME_LENGTH));
        return object().put("experiment_id", experiment.id.toString()).toString();
    }

    @GET
    @Path("experiments/get")
    public String getExperiment(@Context UriInfo uri) {
        Experiment experiment = experiments.get(uuid("experiment_id", required(query(uri), "experiment_id")));
        return experimentResponse(experiment);
    }

    @GET
    @Path("experiments/get-by-name")
    public String getExperimentByName(@Context UriInfo uri) {
        String name = required(query(uri), "experiment_name");
        return experimentResponse(Experiment.findByName(name)
                .orElseThrow(() ->
                        new MlflowException(404, "RESOURCE_DOES_NOT_EXIST", "no experiment named '" + name + "'")));
    }

    private static String experimentResponse(Experiment experiment) {
        ObjectNode response = object();
        response.set("experiment", MlflowJson.experiment(experiment));
        return response.toString();
    }

    @POST
    @Path("experiments/search")
    public String searchExperiments(String body) {
        return experimentsPage(parse(body));
    }

    @GET
    @Path("experiments/search")
    public String searchExperimentsByQuery(@Context UriInfo uri) {
        return experimentsPage(query(uri));
    }

    /**
     * Experiments by view type, filtered by name only ({@code name = 'x'}, {@code name LIKE 'x%'}):
     * Ratchet's experiments have no other attributes to filter on. One page.
     */
    private String experimentsPage(JsonNode request) {
        String viewType = text(request, "view_type").isEmpty() ? "ACTIVE_ONLY" : text(request, "view_type");
        String filter = text(request, "filter");
        Matcher name = NAME_FILTER.matcher(filter);
        if (!filter.isBlank() && !name.matches()) {
            throw invalid("experiment filter '" + filter + "': only name = '…', != '…', LIKE '…' or ILIKE '…' "
                    + "are supported");
        }
        long max = number(request, "max_results", 1000);
        ObjectNode response = object();
        ArrayNode page = response.putArray("experiments");
        experiments.list(true).stream()
                .filter(e -> switch (viewType) {
                    case "DELETED_ONLY" -> e.archived;
                    case "ALL" -> true;
                    default -> !e.archived;
                })
                .filter(e -> filter.isBlank() || nameMatches(e.name, name.group(1), name.group(2)))
                .limit(max)
                .forEach(e -> page.add(MlflowJson.experiment(e)));
        return response.toString();
    }

    private static boolean nameMatches(String name, String operator, String value) {
        return switch (operator.toUpperCase(Locale.ROOT)) {
            case "=" -> name.equals(value);
            case "!=" -> !name.equals(value);
            case "LIKE" -> name.matches(likePattern(value));
            default -> name.toLowerCase(Locale.ROOT).matches(likePattern(value.toLowerCase(Locale.ROOT)));
        };
    }

    private static String likePattern(String like) {
        StringBuilder regex = new StringBuilder();
        for (char c : like.toCharArray()) {
            regex.append(c == '%' ? ".*" : c == '_' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return regex.toString();
    }

    @POST
    @Path("experiments/update")
    public String updateExperiment(String body) {
        JsonNode request = parse(body);
        experiments.rename(
                uuid("experiment_id", required(request, "experiment_id")),
                Requests.text("new_name", required(request, "new_name"), MAX_NAME_LENGTH));
        return "{}";
    }

    @POST
    @Path("experiments/delete")
    public String deleteExperiment(String body) {
        experiments.archive(uuid("experiment_id", required(parse(body), "experiment_id")), true);
        return "{}";
    }

    @POST
    @Path("experiments/restore")
    public String restoreExperiment(String body) {
        experiments.archive(uuid("experiment_id", required(parse(body), "experiment_id")), false);
        return "{}";
    }

    // ---- runs ----

    /**
     * MLflow's reserved tags become Ratchet's fields (name, user, notes, parent run, git source);
     * the other tags are stored as tags.
     */
    @POST
    @Path("runs/create")
    public String createRun(String body) {
        JsonNode request = parse(body);
        Map<String, String> tags = pairs(request, "tags");
        String name = !text(request, "run_name").isEmpty()
                ? text(request, "run_name")
                : tags.getOrDefault(ReservedTags.RUN_NAME, RunNames.next(ThreadLocalRandom.current()));
        String user = !text(request, "user_id").isEmpty()
                ? text(request, "user_id")
                : tags.getOrDefault(ReservedTags.USER, "");
        String parent = tags.getOrDefault(ReservedTags.PARENT_RUN, "");
        UUID runId = runs.create(new Runs.NewRun(
                        uuid("experiment_id", required(request, "experiment_id")),
                        Requests.optionalText("run_name", name, MAX_NAME_LENGTH),
                        Map.of(),
                        Requests.optionalText("user_id", user, MAX_NAME_LENGTH),
                        Requests.optionalText(ReservedTags.NOTE, tags.getOrDefault(ReservedTags.NOTE, ""), 50_000),
                        null,
                        parent.isEmpty() ? null : uuid(ReservedTags.PARENT_RUN, parent),
                        null,
                        null,
                        null,
                        millis(request, "start_time")))
                .id;
        String commit = tags.getOrDefault(ReservedTags.GIT_COMMIT, "");
        if (!commit.isEmpty()) {
            contexts.log(
                    runId,
                    new RunContexts.Context(
                            Optional.of(GitSource.newBuilder()
                                    .setCommit(commit)
                                    .setBranch(tags.getOrDefault(ReservedTags.GIT_BRANCH, ""))
                                    .setRemote(tags.getOrDefault(ReservedTags.GIT_REMOTE, ""))
                                    .build()),
                            List.of(),
                            Optional.empty(),
                            OptionalLong.empty(),
                            ""));
        }
        List.of(
                        ReservedTags.RUN_NAME,
                        ReservedTags.USER,
                        ReservedTags.NOTE,
                        ReservedTags.PARENT_RUN,
                        ReservedTags.GIT_COMMIT,
                        ReservedTags.GIT_BRANCH,
                        ReservedTags.GIT_REMOTE)
                .forEach(tags::remove);
        if (!tags.isEmpty()) {
            batches.log(runId, new BatchLogger.Batch(List.of(), Map.of(), tags));
        }
        return runResponse(runId);
    }

    @GET
    @Path("runs/get")
    public String getRun(@Context UriInfo uri) {
        return runResponse(uuid("run_id", runId(query(uri))));
    }

    private String runResponse(UUID runId) {
        ObjectNode response = object();
        response.set("run", MlflowJson.run(views.run(runs.get(runId).id)));
        return response.toString();
    }

    /** A terminal status ends the run (as UpdateRun); RUNNING and SCHEDULED change nothing. */
    @POST
    @Path("runs/update")
    public String updateRun(String body) {
        JsonNode request = parse(body);
        UUID runId = uuid("run_id", runId(request));
        String status = text(request, "status");
        switch (status) {
            case "FINISHED", "FAILED", "KILLED" ->
                runs.finish(runId, RunStatus.valueOf(status), "", millis(request, "end_time"));
            case "", "RUNNING", "SCHEDULED" -> runs.get(runId);
            default -> throw invalid("status '" + status + "' is not RUNNING, SCHEDULED, FINISHED, FAILED or KILLED");
        }
        if (!text(request, "run_name").isEmpty()) {
            runs.rename(runId, Requests.text("run_name", text(request, "run_name"), MAX_NAME_LENGTH));
        }
        ObjectNode response = object();
        response.set("run_info", MlflowJson.runInfo(views.run(runId)));
        return response.toString();
    }

    @POST
    @Path("runs/delete")
    public String deleteRun(String body) {
        runs.setDeleted(uuid("run_id", runId(parse(body))), true);
        return "{}";
    }

    @POST
    @Path("runs/restore")
    public String restoreRun(String body) {
        runs.setDeleted(uuid("run_id", runId(parse(body))), false);
        return "{}";
    }

    @POST
    @Path("runs/log-metric")
    public String logMetric(String body) {
        JsonNode request = parse(body);
        batches.log(uuid("run_id", runId(request)), new BatchLogger.Batch(List.of(point(request)), Map.of(), Map.of()));
        return "{}";
    }

    @POST
    @Path("runs/log-parameter")
    public String logParameter(String body) {
        JsonNode request = parse(body);
        batches.log(
                uuid("run_id", runId(request)),
                new BatchLogger.Batch(
                        List.of(), params(Map.of(required(request, "key"), text(request, "value"))), Map.of()));
        return "{}";
    }

    @POST
    @Path("runs/set-tag")
    public String setTag(String body) {
        JsonNode request = parse(body);
        batches.log(
                uuid("run_id", runId(request)),
                new BatchLogger.Batch(List.of(), Map.of(), Map.of(required(request, "key"), text(request, "value"))));
        return "{}";
    }

    @POST
    @Path("runs/delete-tag")
    public String deleteTag(String body) {
        JsonNode request = parse(body);
        runs.removeTag(uuid("run_id", runId(request)), required(request, "key"));
        return "{}";
    }

    /** Idempotent like LogBatch: a retried batch stores no point twice. */
    @POST
    @Path("runs/log-batch")
    public String logBatch(String body) {
        JsonNode request = parse(body);
        JsonNode metricsNode = request.path("metrics");
        Map<String, String> params = pairs(request, "params");
        Map<String, String> tags = pairs(request, "tags");
        if (metricsNode.size() > MAX_BATCH_METRICS
                || params.size() > MAX_BATCH_PARAMS
                || tags.size() > MAX_BATCH_TAGS) {
            throw invalid("A batch logging request can contain at most " + MAX_BATCH_METRICS + " metrics, "
                    + MAX_BATCH_PARAMS + " params and " + MAX_BATCH_TAGS + " tags; this one has " + metricsNode.size()
                    + ", " + params.size() + " and " + tags.size());
        }
        List<MetricPoint> points = new ArrayList<>();
        metricsNode.forEach(m -> points.add(point(m)));
        batches.log(uuid("run_id", runId(request)), new BatchLogger.Batch(points, params(params), tags));
        return "{}";
    }

    /** A model logged by MLflow's log_model or autologging, kept in the run's model history tag. */
    @POST
    @Path("runs/log-model")
    public String logModel(String body) {
        JsonNode request = parse(body);
        models.record(uuid("run_id", runId(request)), required(request, "model_json"));
        return "{}";
    }

    /**
     * Datasets as Ratchet records them: URI from the dataset's source, its digest, row count from
     * its profile's num_rows, role from the input's {@code mlflow.data.context} tag.
     */
    @POST
    @Path("runs/log-inputs")
    public String logInputs(String body) {
        JsonNode request = parse(body);
        List<dev.ratchet.tracking.v1.DatasetInput> datasets = new ArrayList<>();
        request.path("datasets").forEach(input -> datasets.add(MlflowDatasets.input(input)));
        contexts.log(
                uuid("run_id", runId(request)),
                new RunContexts.Context(Optional.empty(), datasets, Optional.empty(), OptionalLong.empty(), ""));
        return "{}";
    }

    @POST
    @Path("runs/search")
    public String searchRuns(String body) {
        JsonNode request = parse(body);
        List<UUID> experimentIds = new ArrayList<>();
        request.path("experiment_ids").forEach(id -> experimentIds.add(uuid("experiment_ids", id.asText())));
        List<String> orderBy = new ArrayList<>();
        request.path("order_by").forEach(o -> orderBy.add(o.asText()));
        String viewType = text(request, "run_view_type");
        RunSearch.Lifecycle lifecycle = switch (viewType) {
            case "", "ACTIVE_ONLY" -> RunSearch.Lifecycle.ACTIVE_ONLY;
            case "DELETED_ONLY" -> RunSearch.Lifecycle.DELETED_ONLY;
            case "ALL" -> RunSearch.Lifecycle.ALL;
            default -> throw invalid("run_view_type '" + viewType + "' is not ACTIVE_ONLY, DELETED_ONLY or ALL");
        };
        // MLflow allows 50,000 runs a page; Ratchet pages by at most 1,000, and the next page token says so
        int max = (int) Math.min(RunSearch.MAX_RESULTS, number(request, "max_results", RunSearch.MAX_RESULTS));
        RunSearch.Page page = search.search(new RunSearch.Query(
                experimentIds, text(request, "filter"), orderBy, max, text(request, "page_token"), lifecycle));
        ObjectNode response = object();
        ArrayNode found = response.putArray("runs");
        views.runs(page.runIds()).forEach(run -> found.add(MlflowJson.run(run)));
        if (!page.nextPageToken().isEmpty()) {
            response.put("next_page_token", page.nextPageToken());
        }
        return response.toString();
    }

    /**
     * Every point of one metric, in step order. MLflow has no context: the series logged without
     * one, or else the run's only series of that name. Longer than 100,000 points, a history keeps
     * its shape by downsampling (as GetMetricHistory) instead of paging.
     */
    @GET
    @Path("metrics/get-history")
    public String getMetricHistory(@Context UriInfo uri) {
        JsonNode request = query(uri);
        UUID runId = uuid("run_id", runId(request));
        String key = required(request, "metric_key");
        runs.get(runId);
        MetricContext context = metrics.summaries(runId).stream()
                .filter(s -> s.key().equals(key))
                .map(MetricStore.Summary::context)
                .min(Enum::compareTo)
                .orElse(MetricContext.METRIC_CONTEXT_UNSPECIFIED);
        ObjectNode response = object();
        ArrayNode points = response.putArray("metrics");
        metrics.history(runId, key, context, MetricStore.MAX_POINTS)
                .points()
                .forEach(p -> points.add(MlflowJson.metric(p)));
        return response.toString();
    }

    /**
     * One level of a run's artifacts (MLflow's ListArtifacts): paths relative to the run's artifact
     * root, directories with {@code is_dir}. One page holds them all.
     */
    @GET
    @Path("artifacts/list")
    public String listArtifacts(@Context UriInfo uri) {
        JsonNode request = query(uri);
        UUID runId = uuid("run_id", runId(request));
        String path = text(request, "path");
        Run run = views.run(runs.get(runId).id);
        ObjectNode response = object().put("root_uri", MlflowJson.artifactUri(run));
        ArrayNode files = response.putArray("files");
        artifacts
                .listDirectory(runId, path.isEmpty() ? "" : Artifacts.checkPath(path))
                .forEach(entry -> files.add(MlflowJson.fileInfo(entry, entry.path())));
        return response.toString();
    }

    // ---- reading requests ----

    private static JsonNode parse(String body) {
        if (body != null && body.length() > MAX_BODY_BYTES) {
            throw invalid("the request is " + body.length() + " bytes; MLflow's limit is " + MAX_BODY_BYTES);
        }
        return MlflowJson.parse(body);
    }

    private static Map<String, ParamEntry> params(Map<String, String> texts) {
        return Params.entries(texts, Map.of(), false, ApiException::invalidArgument);
    }

    private static MetricPoint point(JsonNode metric) {
        long millis = number(metric, "timestamp", System.currentTimeMillis());
        return MetricPoint.newBuilder()
                .setKey(required(metric, "key"))
                .setValue(MlflowJson.decimal(metric, "value"))
                .setStep(number(metric, "step", 0))
                .setContext(MetricContext.METRIC_CONTEXT_UNSPECIFIED)
                .setTimestamp(Timestamp.newBuilder()
                        .setSeconds(Math.floorDiv(millis, 1000))
                        .setNanos((int) Math.floorMod(millis, 1000) * 1_000_000))
                .build();
    }
}
