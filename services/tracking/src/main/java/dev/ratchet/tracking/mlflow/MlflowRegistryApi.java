package dev.ratchet.tracking.mlflow;

import static dev.ratchet.tracking.mlflow.MlflowJson.invalid;
import static dev.ratchet.tracking.mlflow.MlflowJson.number;
import static dev.ratchet.tracking.mlflow.MlflowJson.object;
import static dev.ratchet.tracking.mlflow.MlflowJson.pairs;
import static dev.ratchet.tracking.mlflow.MlflowJson.query;
import static dev.ratchet.tracking.mlflow.MlflowJson.required;
import static dev.ratchet.tracking.mlflow.MlflowJson.text;
import static dev.ratchet.tracking.mlflow.MlflowJson.uuid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ratchet.tracking.registry.ModelRegistry;
import dev.ratchet.tracking.registry.ModelVersion;
import dev.ratchet.tracking.registry.RegisteredModel;
import dev.ratchet.tracking.run.Run;
import dev.ratchet.tracking.run.Runs;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MLflow's model registry REST API (its model_registry.proto): {@code mlflow.register_model},
 * {@code MlflowClient}'s registered-model, version, tag, stage and alias calls, and
 * {@code models:/name@alias} / {@code models:/name/version} URIs resolved to the run's artifacts.
 * DELETE calls read their fields from the JSON body, as MLflow's clients send them, or from the query.
 */
@Path("/api/2.0/mlflow")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class MlflowRegistryApi {
    /** MLflow's default page sizes. */
    private static final int MODELS_PAGE = 100;

    private static final int VERSIONS_PAGE = 10_000;
    private static final int MAX_PAGE = 1_000;
    private static final Pattern RUNS_URI = Pattern.compile("runs:/([^/]+)(?:/(.*))?");

    @Inject
    ModelRegistry registry;

    @Inject
    Runs runs;

    // ---- registered models ----

    @POST
    @Path("registered-models/create")
    public String createModel(String body) {
        JsonNode request = MlflowJson.parse(body);
        return modelResponse(
                registry.create(required(request, "name"), text(request, "description"), pairs(request, "tags")));
    }

    @GET
    @Path("registered-models/get")
    public String getModel(@Context UriInfo uri) {
        return modelResponse(registry.get(required(query(uri), "name")));
    }

    @POST
    @Path("registered-models/rename")
    public String renameModel(String body) {
        JsonNode request = MlflowJson.parse(body);
        return modelResponse(registry.rename(required(request, "name"), required(request, "new_name")));
    }

    @PATCH
    @Path("registered-models/update")
    public String updateModel(String body) {
        JsonNode request = MlflowJson.parse(body);
        return modelResponse(registry.describe(required(request, "name"), text(request, "description")));
    }

    @DELETE
    @Path("registered-models/delete")
    public String deleteModel(String body, @Context UriInfo uri) {
        registry.delete(required(bodyOrQuery(body, uri), "name"));
        return "{}";
    }

    @GET
    @Path("registered-models/search")
    public String searchModels(@Context UriInfo uri) {
        JsonNode request = query(uri);
        return page(
                "registered_models",
                registry.search(text(request, "filter"), pageSize(request, MODELS_PAGE), text(request, "page_token")),
                MlflowRegistryApi::model);
    }

    @POST
    @Path("registered-models/get-latest-versions")
    public String latestVersions(String body) {
        return latestVersions(MlflowJson.parse(body));
    }

    @GET
    @Path("registered-models/get-latest-versions")
    public String latestVersionsByQuery(@Context UriInfo uri) {
        return latestVersions(query(uri));
    }

    private String latestVersions(JsonNode request) {
        List<String> stages = new ArrayList<>();
        JsonNode given = request.path("stages");
        if (given.isArray()) {
            given.forEach(s -> stages.add(s.asText()));
        } else if (!given.isMissingNode()) {
            stages.add(given.asText());
        }
        ObjectNode response = object();
        ArrayNode versions = response.putArray("model_versions");
        registry.latestVersions(required(request, "name"), stages).forEach(v -> versions.add(version(v)));
        return response.toString();
    }

    @POST
    @Path("registered-models/set-tag")
    public String setModelTag(String body) {
        JsonNode request = MlflowJson.parse(body);
        registry.setTag(required(request, "name"), required(request, "key"), text(request, "value"));
        return "{}";
    }

    @DELETE
    @Path("registered-models/delete-tag")
    public String deleteModelTag(String body, @Context UriInfo uri) {
        JsonNode request = bodyOrQuery(body, uri);
        registry.deleteTag(required(request, "name"), required(request, "key"));
        return "{}";
    }

    // ---- aliases ----

    @POST
    @Path("registered-models/alias")
    public String setAlias(String body) {
        JsonNode request = MlflowJson.parse(body);
        registry.setAlias(required(request, "name"), required(request, "alias"), versionOf(request));
        return "{}";
    }

    @DELETE
    @Path("registered-models/alias")
    public String deleteAlias(String body, @Context UriInfo uri) {
        JsonNode request = bodyOrQuery(body, uri);
        registry.deleteAlias(required(request, "name"), required(request, "alias"));
        return "{}";
    }

    @GET
    @Path("registered-models/alias")
    public String byAlias(@Context UriInfo uri) {
        JsonNode request = query(uri);
        return versionResponse(registry.byAlias(required(request, "name"), required(request, "alias")));
    }

    // ---- versions ----

    /**
     * A new version; {@code source} is kept as given (the Python client resolves {@code runs:/} to the
     * run's artifact URI first), {@code run_id} must name a run here when given.
     */
    @POST
    @Path("model-versions/create")
    public String createVersion(String body) {
        JsonNode request = MlflowJson.parse(body);
        String runId = text(request, "run_id");
        Optional<UUID> run = runId.isEmpty() ? Optional.empty() : Optional.of(runs.get(uuid("run_id", runId)).id);
        return versionResponse(registry.createVersion(
                required(request, "name"),
                required(request, "source"),
                run,
                text(request, "run_link"),
                text(request, "description"),
                "",
                pairs(request, "tags")));
    }

    @GET
    @Path("model-versions/get")
    public String getVersion(@Context UriInfo uri) {
        JsonNode request = query(uri);
        return versionResponse(registry.getVersion(required(request, "name"), versionOf(request)));
    }

    @PATCH
    @Path("model-versions/update")
    public String updateVersion(String body) {
        JsonNode request = MlflowJson.parse(body);
        return versionResponse(
                registry.describeVersion(required(request, "name"), versionOf(request), text(request, "description")));
    }

    @DELETE
    @Path("model-versions/delete")
    public String deleteVersion(String body, @Context UriInfo uri) {
        JsonNode request = bodyOrQuery(body, uri);
        registry.deleteVersion(required(request, "name"), versionOf(request));
        return "{}";
    }

    @POST
    @Path("model-versions/transition-stage")
    public String transition(String body) {
        JsonNode request = MlflowJson.parse(body);
        return versionResponse(registry.transition(
                required(request, "name"),
                versionOf(request),
                required(request, "stage"),
                Boolean.parseBoolean(text(request, "archive_existing_versions"))));
    }

    @POST
    @Path("model-versions/set-tag")
    public String setVersionTag(String body) {
        JsonNode request = MlflowJson.parse(body);
        registry.setVersionTag(
                required(request, "name"), versionOf(request), required(request, "key"), text(request, "value"));
        return "{}";
    }

    @DELETE
    @Path("model-versions/delete-tag")
    public String deleteVersionTag(String body, @Context UriInfo uri) {
        JsonNode request = bodyOrQuery(body, uri);
        registry.deleteVersionTag(required(request, "name"), versionOf(request), required(request, "key"));
        return "{}";
    }

    @GET
    @Path("model-versions/search")
    public String searchVersions(@Context UriInfo uri) {
        JsonNode request = query(uri);
        return page(
                "model_versions",
                registry.searchVersions(
                        text(request, "filter"), pageSize(request, VERSIONS_PAGE), text(request, "page_token")),
                MlflowRegistryApi::version);
    }

    /** Where the version's files are: its source, with {@code runs:/<run>/<path>} resolved to the run's artifacts. */
    @GET
    @Path("model-versions/get-download-uri")
    public String downloadUri(@Context UriInfo uri) {
        JsonNode request = query(uri);
        String source = registry.getVersion(required(request, "name"), versionOf(request))
                .source();
        Matcher runsUri = RUNS_URI.matcher(source);
        if (runsUri.matches()) {
            Run run = runs.get(uuid("run_id", runsUri.group(1)));
            source = "mlflow-artifacts:/" + run.experiment.id + "/" + run.id + "/artifacts"
                    + (runsUri.group(2) == null || runsUri.group(2).isEmpty() ? "" : "/" + runsUri.group(2));
        }
        return object().put("artifact_uri", source).toString();
    }

    // ---- JSON ----

    /** A search's page: the items under {@code field}, and the next page's token when there is one. */
    private static <T> String page(String field, ModelRegistry.Page<T> page, Function<T, ObjectNode> json) {
        ObjectNode response = object();
        ArrayNode items = response.putArray(field);
        page.items().forEach(item -> items.add(json.apply(item)));
        if (!page.nextPageToken().isEmpty()) {
            response.put("next_page_token", page.nextPageToken());
        }
        return response.toString();
    }

    private static String modelResponse(RegisteredModel model) {
        ObjectNode response = object();
        response.set("registered_model", model(model));
        return response.toString();
    }

    private static String versionResponse(ModelVersion version) {
        ObjectNode response = object();
        response.set("model_version", version(version));
        return response.toString();
    }

    /** MLflow's RegisteredModel: versions as strings, times in milliseconds. */
    static ObjectNode model(RegisteredModel model) {
        ObjectNode json = object().put("name", model.name())
                .put("creation_timestamp", model.createdAt().toEpochMilli())
                .put("last_updated_timestamp", model.updatedAt().toEpochMilli())
                .put("description", model.description());
        ArrayNode latest = json.putArray("latest_versions");
        model.latestVersions().forEach(v -> latest.add(version(v)));
        putTags(json, model.tags());
        ArrayNode aliases = json.putArray("aliases");
        model.aliases()
                .forEach((alias, version) ->
                        aliases.addObject().put("alias", alias).put("version", String.valueOf(version)));
        return json;
    }

    /** MLflow's ModelVersion; Ratchet registers synchronously, so every version is READY. */
    static ObjectNode version(ModelVersion version) {
        ObjectNode json = object().put("name", version.name())
                .put("version", String.valueOf(version.version()))
                .put("creation_timestamp", version.createdAt().toEpochMilli())
                .put("last_updated_timestamp", version.updatedAt().toEpochMilli())
                .put("user_id", version.userId())
                .put("current_stage", version.stage())
                .put("description", version.description())
                .put("source", version.source())
                .put("status", "READY")
                .put("run_link", version.runLink());
        if (version.runId() != null) {
            json.put("run_id", version.runId().toString());
        }
        putTags(json, version.tags());
        ArrayNode aliases = json.putArray("aliases");
        version.aliases().forEach(aliases::add);
        return json;
    }

    private static void putTags(ObjectNode json, Map<String, String> tags) {
        ArrayNode array = json.putArray("tags");
        tags.forEach((key, value) -> array.addObject().put("key", key).put("value", value));
    }

    // ---- requests ----

    private static int versionOf(JsonNode request) {
        String version = required(request, "version");
        try {
            return Integer.parseInt(version);
        } catch (NumberFormatException e) {
            throw invalid("version '" + version + "' must be a version number, e.g. '1'");
        }
    }

    private static int pageSize(JsonNode request, int fallback) {
        long max = number(request, "max_results", fallback);
        if (max < 1) {
            throw invalid("max_results must be positive, not " + max);
        }
        return (int) Math.min(max, MAX_PAGE);
    }

    private static JsonNode bodyOrQuery(String body, UriInfo uri) {
        return body == null || body.isBlank() ? query(uri) : MlflowJson.parse(body);
    }
}
