package dev.ratchet.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ratchet.testing.KafkaBrokerResource;
import dev.ratchet.tracking.v1.DatasetRole;
import dev.ratchet.tracking.v1.GetRunRequest;
import dev.ratchet.tracking.v1.TrackingServiceGrpc.TrackingServiceBlockingStub;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mlflow.api.proto.Service.CreateRun;
import org.mlflow.api.proto.Service.RunInfo;
import org.mlflow.api.proto.Service.RunTag;
import org.mlflow.tracking.MlflowClient;

/**
 * What MLflow's clients need of a drop-in server beyond logging (issue 18): each call is made by
 * MLflow's Java client where it has one, else with the exact request MLflow 2.x's Python client
 * sends (its RestStore and HttpArtifactRepository: JSON bodies with snake_case fields and int64
 * numbers, GETs with query parameters), and the answer is read the way that client reads it.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
class MlflowDropInTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @GrpcClient("tracking")
    TrackingServiceBlockingStub tracking;

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    private final HttpClient http = HttpClient.newHttpClient();
    private MlflowClient mlflow;
    private String experimentId;

    @BeforeEach
    void client() {
        mlflow = new MlflowClient("http://127.0.0.1:" + port);
        experimentId = mlflow.createExperiment("drop-in-" + UUID.randomUUID());
    }

    @Test
    void aRunCreatedWithoutANameIsNamedAsMlflowNamesIt() {
        RunInfo info = mlflow.createRun(experimentId);
        assertTrue(info.getRunName().matches("[a-z]+-[a-z]+-\\d{1,3}"), info.getRunName());
        assertEquals(info.getRunName(), tags(info.getRunId()).get("mlflow.runName"));
        String other = mlflow.createRun(experimentId).getRunName();
        String third = mlflow.createRun(experimentId).getRunName();
        assertFalse(info.getRunName().equals(other) && other.equals(third), "three runs, one name: not random");
    }

    /** {@code mlflow.log_input(mlflow.data.from_pandas(df, source=..., name=...), context="training")}. */
    @Test
    void aLoggedInputComesBackWithItsNameContextAndSourceAsGiven() throws Exception {
        String runId = mlflow.createRun(experimentId).getRunId();
        post("runs/log-inputs", """
                {"run_id": "%s", "datasets": [{"tags": [{"key": "mlflow.data.context", "value": "training"}],
                 "dataset": {"name": "german_credit", "digest": "8f1c2a7e", "source_type": "local",
                  "source": "{\\"uri\\": \\"/data/german_credit.csv\\"}",
                  "schema": "{\\"mlflow_colspec\\": [{\\"type\\": \\"long\\", \\"name\\": \\"Age\\"}]}",
                  "profile": "{\\"num_rows\\": 1000, \\"num_elements\\": 21000}"}}]}""".formatted(runId));

        JsonNode input = getRun(runId).path("inputs").path("dataset_inputs").get(0);
        assertEquals("german_credit", input.path("dataset").path("name").asText());
        assertEquals("8f1c2a7e", input.path("dataset").path("digest").asText());
        assertEquals("local", input.path("dataset").path("source_type").asText());
        assertEquals(
                "{\"uri\": \"/data/german_credit.csv\"}",
                input.path("dataset").path("source").asText());
        assertEquals(
                "{\"num_rows\": 1000}", input.path("dataset").path("profile").asText());
        assertEquals(
                "mlflow.data.context", input.path("tags").get(0).path("key").asText());
        assertEquals("training", input.path("tags").get(0).path("value").asText());
        // MLflow's Java client reads the same
        var dataset = mlflow.getRun(runId).getInputs().getDatasetInputs(0);
        assertEquals("german_credit", dataset.getDataset().getName());
        assertEquals("training", dataset.getTags(0).getValue());

        // the same dataset through gRPC: Ratchet's role, and the words MLflow's client gave
        var same = tracking.getRun(GetRunRequest.newBuilder().setRunId(runId).build())
                .getRun()
                .getDatasets(0);
        assertEquals(DatasetRole.DATASET_ROLE_TRAIN, same.getRole());
        assertEquals("/data/german_credit.csv", same.getUri());
        assertEquals("training", same.getContext());
        assertEquals("german_credit", same.getName());
    }

    @Test
    void aDatasetLoggedOverGrpcReadsAsAnMlflowSourceOfItsUri() throws Exception {
        String runId = mlflow.createRun(experimentId).getRunId();
        tracking.logRunContext(dev.ratchet.tracking.v1.LogRunContextRequest.newBuilder()
                .setRunId(runId)
                .addDatasets(dev.ratchet.tracking.v1.DatasetInput.newBuilder()
                        .setUri("https://example.org/test.csv")
                        .setDigest("sha256:ab")
                        .setRole(DatasetRole.DATASET_ROLE_TEST)
                        .setRowCount(10))
                .build());
        JsonNode input = getRun(runId).path("inputs").path("dataset_inputs").get(0);
        assertEquals("http", input.path("dataset").path("source_type").asText());
        assertEquals(
                "https://example.org/test.csv",
                JSON.readTree(input.path("dataset").path("source").asText())
                        .path("url")
                        .asText());
        assertEquals("test", input.path("tags").get(0).path("value").asText());
    }

    @Test
    void searchFindsRunsByReservedTagsRunIdListsAndDatasets() throws Exception {
        String parent = mlflow.createRun(CreateRun.newBuilder()
                        .setExperimentId(experimentId)
                        .setRunName("sweep")
                        .build())
                .getRunId();
        // MLflow's Python client makes a child run with the parent's id as a tag
        String child = mlflow.createRun(CreateRun.newBuilder()
                        .setExperimentId(experimentId)
                        .setRunName("trial-0")
                        .addTags(
                                RunTag.newBuilder().setKey("mlflow.parentRunId").setValue(parent))
                        .build())
                .getRunId();
        String other = mlflow.createRun(experimentId).getRunId();
        post("runs/log-inputs", """
                {"run_id": "%s", "datasets": [{"tags": [{"key": "mlflow.data.context", "value": "eval"}],
                 "dataset": {"name": "holdout", "digest": "77aa", "source_type": "local",
                  "source": "{\\"uri\\": \\"/data/holdout.csv\\"}", "schema": "", "profile": ""}}]}""".formatted(other));

        assertEquals(List.of(child), search("tags.mlflow.parentRunId = '" + parent + "'"));
        assertEquals(List.of(parent), search("tags.mlflow.runName = 'sweep'"));
        assertEquals(List.of(child), search("tags.`mlflow.runName` LIKE 'trial-%'"));
        assertEquals(sorted(parent, other), sorted(search("attributes.run_id IN ('" + parent + "', '" + other + "')")));
        assertEquals(List.of(child), search("attributes.run_id NOT IN ('" + parent + "', '" + other + "')"));
        assertEquals(List.of(other), search("datasets.name = 'holdout'"));
        assertEquals(List.of(other), search("datasets.context = 'eval' and datasets.digest IN ('77aa', 'ff')"));
        assertEquals(List.of(), search("datasets.name IN ('german_credit')"));
    }

    /** What {@code mlflow.sklearn.log_model} and autologging send after the model's files are uploaded. */
    @Test
    void aLoggedModelIsRecordedOnTheRunAsMlflowRecordsIt() throws Exception {
        String runId = mlflow.createRun(experimentId).getRunId();
        post(
                "runs/log-model",
                JSON.createObjectNode()
                        .put("run_id", runId)
                        .put("model_json", model(runId, "model"))
                        .toString());
        post(
                "runs/log-model",
                JSON.createObjectNode()
                        .put("run_id", runId)
                        .put("model_json", model(runId, "calibrated"))
                        .toString());

        JsonNode history = JSON.readTree(tags(runId).get("mlflow.log-model.history"));
        assertEquals(2, history.size(), history.toString());
        assertEquals("model", history.get(0).path("artifact_path").asText());
        assertEquals("calibrated", history.get(1).path("artifact_path").asText());
        assertEquals(
                "1.2.1",
                history.get(0)
                        .path("flavors")
                        .path("sklearn")
                        .path("sklearn_version")
                        .asText());
        assertFalse(history.get(0).has("signature"), "MLflow leaves the signature out of the history");

        HttpResponse<String> missing = send(HttpRequest.newBuilder(api("runs/log-model"))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode()
                        .put("run_id", runId)
                        .put("model_json", "{\"flavors\": {}}")
                        .toString())));
        assertEquals(400, missing.statusCode(), missing.body());
        assertTrue(
                missing.body().contains("INVALID_PARAMETER_VALUE")
                        && missing.body().contains("artifact_path"),
                missing.body());
    }

    /** MLflow's Python client lists one level at a time and walks into directories to download a tree. */
    @Test
    void artifactsListOneLevelWithDirectories() throws Exception {
        String runId = mlflow.createRun(experimentId).getRunId();
        String root = experimentId + "/" + runId + "/artifacts";
        for (String file : List.of("model/MLmodel", "model/model.pkl", "model/code/train.py", "metrics.csv")) {
            HttpResponse<String> put = send(HttpRequest.newBuilder(URI.create(proxy() + "/" + root + "/" + file))
                    .PUT(HttpRequest.BodyPublishers.ofString("bytes of " + file)));
            assertEquals(200, put.statusCode(), put.body());
        }

        assertEquals(List.of("metrics.csv false 20", "model true -"), entries(get(proxy() + "?path=" + encode(root))));
        assertEquals(
                List.of("MLmodel false 22", "code true -", "model.pkl false 24"),
                entries(get(proxy() + "?path=" + encode(root + "/model"))));
        assertEquals(List.of("train.py false 28"), entries(get(proxy() + "?path=" + encode(root + "/model/code"))));

        // the tracking API's own listing: paths from the run's artifact root
        JsonNode listed =
                get("http://127.0.0.1:" + port + "/api/2.0/mlflow/artifacts/list?run_id=" + runId + "&path=model");
        assertEquals("mlflow-artifacts:/" + root, listed.path("root_uri").asText());
        assertEquals(
                List.of("model/MLmodel false 22", "model/code true -", "model/model.pkl false 24"), entries(listed));
    }

    /** An MLmodel description as the Python client's Model.to_json() writes it. */
    private static String model(String runId, String artifactPath) {
        ObjectNode model = JSON.createObjectNode()
                .put("artifact_path", artifactPath)
                .put("run_id", runId)
                .put("utc_time_created", "2026-12-07 10:00:00.000000")
                .put("mlflow_version", "2.10.2")
                .put("model_uuid", UUID.randomUUID().toString().replace("-", ""));
        model.putObject("flavors")
                .putObject("sklearn")
                .put("pickled_model", "model.pkl")
                .put("sklearn_version", "1.2.1")
                .put("serialization_format", "cloudpickle");
        model.putObject("signature").put("inputs", "[{\"type\": \"double\", \"name\": \"Age\"}]");
        return model.toString();
    }

    private List<String> search(String filter) throws IOException, InterruptedException {
        JsonNode response = post(
                "runs/search",
                JSON.createObjectNode()
                        .put("filter", filter)
                        .put("run_view_type", "ACTIVE_ONLY")
                        .put("max_results", 1000)
                        .<ObjectNode>set(
                                "experiment_ids", JSON.createArrayNode().add(experimentId))
                        .toString());
        List<String> ids = new ArrayList<>();
        response.path("runs")
                .forEach(run -> ids.add(run.path("info").path("run_id").asText()));
        return ids;
    }

    private static List<String> sorted(String... ids) {
        return List.of(ids).stream().sorted().toList();
    }

    private static List<String> sorted(List<String> ids) {
        return ids.stream().sorted().toList();
    }

    private static List<String> entries(JsonNode listing) {
        List<String> entries = new ArrayList<>();
        listing.path("files")
                .forEach(f -> entries.add(
                        f.path("path").asText() + " " + f.path("is_dir").asBoolean() + " "
                                + (f.has("file_size") ? f.path("file_size").asText() : "-")));
        return entries;
    }

    private Map<String, String> tags(String runId) {
        return mlflow.getRun(runId).getData().getTagsList().stream()
                .collect(Collectors.toMap(RunTag::getKey, RunTag::getValue));
    }

    private JsonNode getRun(String runId) throws IOException, InterruptedException {
        return get("http://127.0.0.1:" + port + "/api/2.0/mlflow/runs/get?run_uuid=" + runId + "&run_id=" + runId)
                .path("run");
    }

    private JsonNode post(String endpoint, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(api(endpoint))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertEquals(200, response.statusCode(), endpoint + ": " + response.body());
        return JSON.readTree(response.body());
    }

    private JsonNode get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response =
                send(HttpRequest.newBuilder(URI.create(url)).GET());
        assertEquals(200, response.statusCode(), url + ": " + response.body());
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI api(String endpoint) {
        return URI.create("http://127.0.0.1:" + port + "/api/2.0/mlflow/" + endpoint);
    }

    private String proxy() {
        return "http://127.0.0.1:" + port + "/api/2.0/mlflow-artifacts/artifacts";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
