package dev.ratchet.tracking.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ratchet.common.grpc.ApiException;
import dev.ratchet.events.v1.MetricPoint;
import dev.ratchet.tracking.artifact.Artifacts;
import dev.ratchet.tracking.experiment.Experiment;
import dev.ratchet.tracking.search.ReservedTags;
import dev.ratchet.tracking.v1.DatasetInput;
import dev.ratchet.tracking.v1.MetricSummary;
import dev.ratchet.tracking.v1.Run;
import dev.ratchet.tracking.v1.RunStatus;
import java.util.Map;
import java.util.TreeMap;

/**
 * Ratchet's records in MLflow's JSON (its service.proto's field names, snake_case, int64 as JSON
 * numbers), and the reading of MLflow's requests, whose clients send int64 as numbers or strings.
 */
final class MlflowJson {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String DATA_CONTEXT = "mlflow.data.context";

    private MlflowJson() {}

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    static ObjectNode experiment(Experiment experiment) {
        long created = experiment.createdAt.toEpochMilli();
        ObjectNode json = object().put("experiment_id", experiment.id.toString())
                .put("name", experiment.name)
                .put("artifact_location", "mlflow-artifacts:/" + experiment.id)
                .put("lifecycle_stage", experiment.archived ? "deleted" : "active")
                .put("creation_time", created)
                .put("last_update_time", created);
        json.putArray("tags");
        return json;
    }

    static ObjectNode run(Run run) {
        ObjectNode json = object();
        json.set("info", runInfo(run));
        ObjectNode data = json.putObject("data");
        ArrayNode metrics = data.putArray("metrics");
        for (MetricSummary m : run.getMetricsList()) {
            metrics.addObject()
                    .put("key", m.getKey())
                    .put("value", m.getLastValue())
                    .put("timestamp", 0)
                    .put("step", m.getLastStep());
        }
        ArrayNode params = data.putArray("params");
        new TreeMap<>(run.getParamsMap())
                .forEach((k, v) -> params.addObject().put("key", k).put("value", v));
        ArrayNode tags = data.putArray("tags");
        tags(run).forEach((k, v) -> tags.addObject().put("key", k).put("value", v));
        ArrayNode inputs = json.putObject("inputs").putArray("dataset_inputs");
        for (DatasetInput d : run.getDatasetsList()) {
            inputs.add(MlflowDatasets.json(d));
        }
        return json;
    }

    /** The run's tags with MLflow's reserved ones made from Ratchet's fields when not logged as tags. */
    static Map<String, String> tags(Run run) {
        Map<String, String> tags = new TreeMap<>(run.getTagsMap());
        putIfSet(tags, ReservedTags.RUN_NAME, run.getName());
        putIfSet(tags, ReservedTags.USER, run.getUser());
        putIfSet(tags, ReservedTags.NOTE, run.getNotes());
        putIfSet(tags, ReservedTags.PARENT_RUN, run.getParentRunId());
        putIfSet(tags, ReservedTags.GIT_COMMIT, run.getGit().getCommit());
        putIfSet(tags, ReservedTags.GIT_BRANCH, run.getGit().getBranch());
        putIfSet(tags, ReservedTags.GIT_REMOTE, run.getGit().getRemote());
        return tags;
    }

    private static void putIfSet(Map<String, String> tags, String key, String value) {
        if (!value.isEmpty()) {
            tags.putIfAbsent(key, value);
        }
    }

    static ObjectNode runInfo(Run run) {
        ObjectNode info = object().put("run_id", run.getRunId())
                .put("run_uuid", run.getRunId())
                .put("experiment_id", run.getExperimentId())
                .put("run_name", run.getName())
                .put("user_id", run.getUser())
                .put("status", status(run.getStatus()))
                .put("artifact_uri", artifactUri(run))
                .put("lifecycle_stage", run.getDeleted() ? "deleted" : "active");
        if (run.hasStartTime()) {
            info.put("start_time", millis(run.getStartTime()));
        }
        if (run.hasEndTime()) {
            info.put("end_time", millis(run.getEndTime()));
        }
        return info;
    }

    /** MLflow's FileInfo: a directory has no size. */
    static ObjectNode fileInfo(Artifacts.Entry entry, String path) {
        ObjectNode info = object().put("path", path).put("is_dir", entry.directory());
        if (!entry.directory()) {
            info.put("file_size", entry.sizeBytes());
        }
        return info;
    }

    /** The run's artifact root, served by the artifact proxy (MlflowArtifactsApi). */
    static String artifactUri(Run run) {
        return "mlflow-artifacts:/" + run.getExperimentId() + "/" + run.getRunId() + "/artifacts";
    }

    static ObjectNode metric(MetricPoint point) {
        return object().put("key", point.getKey())
                .put("value", point.getValue())
                .put("timestamp", millis(point.getTimestamp()))
                .put("step", point.getStep());
    }

    private static long millis(com.google.protobuf.Timestamp t) {
        return t.getSeconds() * 1000 + t.getNanos() / 1_000_000;
    }

    private static String status(RunStatus status) {
        return switch (status) {
            case RUN_STATUS_QUEUED -> "SCHEDULED";
            case RUN_STATUS_FINISHED -> "FINISHED";
            case RUN_STATUS_FAILED -> "FAILED";
            case RUN_STATUS_KILLED -> "KILLED";
            default -> "RUNNING";
        };
    }

    // ---- requests ----

    static JsonNode parse(String body) {
        try {
            JsonNode json = body == null || body.isBlank() ? object() : JSON.readTree(body);
            if (!json.isObject()) {
                throw invalid("the request body must be a JSON object");
            }
            nulIn(json, "").ifPresent(path -> {
                throw invalid(path + " holds a NUL character; remove it");
            });
            return json;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new MlflowException(
                    400, "MALFORMED_REQUEST", "the request body is not JSON: " + e.getOriginalMessage());
        }
    }

    /** The path of the first text (or field name) holding a NUL character, if any: PostgreSQL cannot store one. */
    static java.util.Optional<String> nulIn(JsonNode json, String path) {
        if (json.isTextual()) {
            return json.textValue().indexOf('\0') >= 0 ? java.util.Optional.of(path) : java.util.Optional.empty();
        }
        if (json.isArray()) {
            for (int i = 0; i < json.size(); i++) {
                java.util.Optional<String> found = nulIn(json.get(i), path + "[" + i + "]");
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        if (json.isObject()) {
            for (var field : (Iterable<java.util.Map.Entry<String, JsonNode>>) json::fields) {
                String name = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                if (field.getKey().indexOf('\0') >= 0) {
                    return java.util.Optional.of("a field name in " + (path.isEmpty() ? "the body" : path));
                }
                java.util.Optional<String> found = nulIn(field.getValue(), name);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return java.util.Optional.empty();
    }

    /** A field as text; both spellings MLflow clients use (snake_case, lowerCamelCase) are read. */
    static String text(JsonNode json, String field) {
        JsonNode node = node(json, field);
        return node == null || node.isNull() ? "" : node.asText();
    }

    /** A time in milliseconds since the epoch (MLflow's start_time, end_time); null when absent. */
    static java.time.Instant millis(JsonNode json, String field) {
        String value = text(json, field);
        if (value.isEmpty()) {
            return null;
        }
        try {
            return java.time.Instant.ofEpochMilli(Long.parseLong(value));
        } catch (NumberFormatException e) {
            throw invalid("Invalid value '" + value + "' for parameter '" + field + "': milliseconds since the epoch");
        }
    }

    static String required(JsonNode json, String field) {
        String value = text(json, field);
        if (value.isEmpty()) {
            throw invalid("Missing value for required parameter '" + field + "'");
        }
        return value;
    }

    /** A run id, given as run_id or as the older run_uuid. */
    static String runId(JsonNode json) {
        String id = text(json, "run_id");
        if (id.isEmpty()) {
            id = text(json, "run_uuid");
        }
        if (id.isEmpty()) {
            throw invalid("Missing value for required parameter 'run_id'");
        }
        return id;
    }

    /** An int64, sent as a JSON number or (by protobuf's JSON printer) as a string. */
    static long number(JsonNode json, String field, long absent) {
        JsonNode node = node(json, field);
        if (node == null || node.isNull() || node.asText().isEmpty()) {
            return absent;
        }
        if (node.isIntegralNumber()) {
            return node.asLong();
        }
        try {
            return Long.parseLong(node.asText());
        } catch (NumberFormatException e) {
            throw invalid("parameter '" + field + "' must be an integer, not '" + node.asText() + "'");
        }
    }

    /** A double, sent as a JSON number or as a string ("NaN", "Infinity" included). */
    static double decimal(JsonNode json, String field) {
        JsonNode node = node(json, field);
        if (node == null || node.isNull()) {
            throw invalid("Missing value for required parameter '" + field + "'");
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        try {
            return Double.parseDouble(node.asText());
        } catch (NumberFormatException e) {
            throw invalid("parameter '" + field + "' must be a number, not '" + node.asText() + "'");
        }
    }

    static JsonNode node(JsonNode json, String field) {
        JsonNode node = json.get(field);
        return node != null ? node : json.get(camel(field));
    }

    private static String camel(String snake) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : snake.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    /** Query parameters as a JSON object; a repeated key becomes an array. */
    static JsonNode query(jakarta.ws.rs.core.UriInfo uri) {
        ObjectNode json = object();
        uri.getQueryParameters().forEach((key, values) -> {
            if (values.size() == 1) {
                json.put(key, values.get(0));
            } else {
                ArrayNode array = json.putArray(key);
                values.forEach(array::add);
            }
        });
        return json;
    }

    /** MLflow's key/value lists ({"key": …, "value": …}) as a map; a key given twice keeps its last value. */
    static Map<String, String> pairs(JsonNode request, String field) {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        request.path(field).forEach(pair -> map.put(required(pair, "key"), text(pair, "value")));
        return map;
    }

    /** An id: Ratchet's are UUIDs, so any other text names nothing here (404, as MLflow says of unknown ids). */
    static java.util.UUID uuid(String field, String value) {
        try {
            return java.util.UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new MlflowException(
                    404,
                    "RESOURCE_DOES_NOT_EXIST",
                    field + " '" + value + "' names nothing here: Ratchet's ids are UUIDs");
        }
    }

    static MlflowException invalid(String message) {
        return new MlflowException(400, "INVALID_PARAMETER_VALUE", message);
    }

    /** An error in MLflow's shape: an HTTP status and {"error_code", "message"}. */
    static final class MlflowException extends RuntimeException {
        final int status;
        final String errorCode;

        MlflowException(int status, String errorCode, String message) {
            super(message);
            this.status = status;
            this.errorCode = errorCode;
        }

        static MlflowException of(ApiException e) {
            return switch (e.code()) {
                case NOT_FOUND -> new MlflowException(404, "RESOURCE_DOES_NOT_EXIST", e.getMessage());
                case ALREADY_EXISTS -> new MlflowException(400, "RESOURCE_ALREADY_EXISTS", e.getMessage());
                case FAILED_PRECONDITION -> new MlflowException(400, "INVALID_STATE", e.getMessage());
                case UNAVAILABLE -> new MlflowException(503, "TEMPORARILY_UNAVAILABLE", e.getMessage());
                default -> new MlflowException(400, "INVALID_PARAMETER_VALUE", e.getMessage());
            };
        }
    }
}
