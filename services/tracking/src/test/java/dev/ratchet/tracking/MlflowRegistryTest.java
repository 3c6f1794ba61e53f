package dev.ratchet.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ratchet.testing.KafkaBrokerResource;
import dev.ratchet.tracking.v1.MetricDirection;
import dev.ratchet.tracking.v1.SetBaselineRequest;
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
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mlflow.api.proto.ModelRegistry.ModelVersion;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.tracking.MlflowClient;

/**
 * MLflow's model registry through MLflow's Java client (its reads) and the exact requests MLflow
 * 2.x's Python client sends for {@code mlflow.register_model}, aliases, stages and tags — and the
 * baseline alias that moves when the ratchet turns.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
class MlflowRegistryTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @GrpcClient("tracking")
    TrackingServiceBlockingStub tracking;

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    private final HttpClient http = HttpClient.newHttpClient();
    private MlflowClient mlflow;
    private String experimentId;
    private String model;

    @BeforeEach
    void client() {
        mlflow = new MlflowClient("http://127.0.0.1:" + port);
        experimentId = mlflow.createExperiment("registry-" + UUID.randomUUID());
        model = "credit-" + UUID.randomUUID();
    }

    /** {@code mlflow.register_model("runs:/<run>/model", name)} twice, then {@code models:/name@champion}. */
    @Test
    void registerModelAndLoadItByAlias() throws Exception {
        String first = runWithModel(0.52);
        String second = runWithModel(0.47);
        assertEquals("1", register(first).path("version").asText());
        JsonNode again = send("POST", "registered-models/create", "{\"name\": \"" + model + "\"}");
        assertEquals("RESOURCE_ALREADY_EXISTS", again.path("error_code").asText(), again.toString());
        JsonNode version = register(second);
        assertEquals("2", version.path("version").asText());
        assertEquals("READY", version.path("status").asText());
        assertEquals(second, version.path("run_id").asText());

        ok(
                "POST",
                "registered-models/alias",
                "{\"name\": \"" + model + "\", \"alias\": \"champion\", " + "\"version\": \"2\"}");
        // what models:/<name>@champion resolves through: the alias, then the version's download URI
        JsonNode champion = ok("GET", "registered-models/alias?name=" + encode(model) + "&alias=champion", null)
                .path("model_version");
        assertEquals("2", champion.path("version").asText());
        assertEquals(
                List.of("champion"), List.of(champion.path("aliases").get(0).asText()));
        String artifactUri = ok("GET", "model-versions/get-download-uri?name=" + encode(model) + "&version=2", null)
                .path("artifact_uri")
                .asText();
        assertEquals("mlflow-artifacts:/" + experimentId + "/" + second + "/artifacts/model", artifactUri);
        String files = artifactUri.replace(
                "mlflow-artifacts:/", "http://127.0.0.1:" + port + "/api/2.0/mlflow-artifacts/artifacts/");
        HttpResponse<String> mlmodel = http.send(
                HttpRequest.newBuilder(URI.create(files + "/MLmodel")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("artifact_path: model\nrun_id: " + second + "\n", mlmodel.body());

        // MLflow's Java client reads the same registry
        assertEquals("2", mlflow.getRegisteredModel(model).getLatestVersions(0).getVersion());
        assertEquals(first, mlflow.getModelVersion(model, "1").getRunId());
        assertEquals(artifactUri, mlflow.getModelVersionDownloadUri(model, "2"));
        assertEquals(
                List.of("2", "1"),
                mlflow.searchModelVersions("name = '" + model + "'").getItems().stream()
                        .map(ModelVersion::getVersion)
                        .toList());
        assertEquals(
                List.of("1"),
                mlflow.searchModelVersions("name = '" + model + "' and run_id IN ('" + first + "')").getItems().stream()
                        .map(ModelVersion::getVersion)
                        .toList());
        assertEquals("champion", mlflow.getRegisteredModel(model).getAliases(0).getAlias());
    }

    @Test
    void theBaselineAliasFollowsTheRatchet() throws Exception {
        String first = runWithModel(0.52);
        String second = runWithModel(0.47);
        register(first);
        register(second);
        setBaseline(first);
        assertEquals("1", byAlias("baseline").path("version").asText());

        setBaseline(second);
        assertEquals("2", byAlias("baseline").path("version").asText());

        // a run promoted before it is registered: its version takes the alias when it is registered
        String third = runWithModel(0.41);
        setBaseline(third);
        assertEquals(
                "RESOURCE_DOES_NOT_EXIST",
                byAlias("baseline").path("error_code").asText(),
                "the alias left the old baseline's version");
        register(third);
        assertEquals("3", byAlias("baseline").path("version").asText());

        JsonNode byHand = send(
                "POST",
                "registered-models/alias",
                "{\"name\": \"" + model + "\", \"alias\": " + "\"baseline\", \"version\": \"1\"}");
        assertEquals("INVALID_PARAMETER_VALUE", byHand.path("error_code").asText(), byHand.toString());
        assertTrue(byHand.path("message").asText().contains("follows the experiment's baseline"), byHand.toString());
    }

    @Test
    void stagesTagsRenamesAndDeletesKeepTheRegistryConsistent() throws Exception {
        String run = runWithModel(0.5);
        register(run);
        register(run);
        ok(
                "POST",
                "model-versions/transition-stage",
                "{\"name\": \"" + model + "\", \"version\": \"1\", "
                        + "\"stage\": \"production\", \"archive_existing_versions\": false}");
        ok(
                "POST",
                "model-versions/transition-stage",
                "{\"name\": \"" + model + "\", \"version\": \"2\", "
                        + "\"stage\": \"Production\", \"archive_existing_versions\": true}");
        assertEquals("Archived", mlflow.getModelVersion(model, "1").getCurrentStage());
        assertEquals(
                List.of("2"),
                mlflow.getLatestVersions(model, List.of("Production")).stream()
                        .map(ModelVersion::getVersion)
                        .toList());

        ok(
                "POST",
                "registered-models/set-tag",
                "{\"name\": \"" + model + "\", \"key\": \"team\", \"value\": \"risk\"}");
        ok(
                "POST",
                "model-versions/set-tag",
                "{\"name\": \"" + model + "\", \"version\": \"2\", \"key\": \"validated\", " + "\"value\": \"yes\"}");
        ok("POST", "registered-models/alias", "{\"name\": \"" + model + "\", \"alias\": \"champion\", \"version\": 2}");
        ok(
                "PATCH",
                "model-versions/update",
                "{\"name\": \"" + model + "\", \"version\": \"2\", \"description\": " + "\"calibrated\"}");
        String renamed = model + "-v2";
        ok("POST", "registered-models/rename", "{\"name\": \"" + model + "\", \"new_name\": \"" + renamed + "\"}");
        JsonNode moved =
                ok("GET", "registered-models/get?name=" + encode(renamed), null).path("registered_model");
        assertEquals("risk", moved.path("tags").get(0).path("value").asText());
        assertEquals("champion", moved.path("aliases").get(0).path("alias").asText());
        JsonNode two = ok("GET", "model-versions/get?name=" + encode(renamed) + "&version=2", null)
                .path("model_version");
        assertEquals("calibrated", two.path("description").asText());
        assertEquals("validated", two.path("tags").get(0).path("key").asText());
        assertEquals(
                1,
                ok(
                                "GET",
                                "registered-models/search?filter="
                                        + encode("name LIKE '" + renamed + "%' and " + "tags.team = 'risk'"),
                                null)
                        .path("registered_models")
                        .size());

        JsonNode badStage = send(
                "POST",
                "model-versions/transition-stage",
                "{\"name\": \"" + renamed + "\", \"version\": \"1\", \"stage\": \"Live\"}");
        assertEquals("INVALID_PARAMETER_VALUE", badStage.path("error_code").asText(), badStage.toString());
        assertTrue(
                badStage.path("message").asText().contains("[None, Staging, Production, Archived]"),
                badStage.toString());

        ok("DELETE", "model-versions/delete", "{\"name\": \"" + renamed + "\", \"version\": \"2\"}");
        assertEquals(
                "RESOURCE_DOES_NOT_EXIST",
                send("GET", "registered-models/alias?name=" + encode(renamed) + "&alias=champion", null)
                        .path("error_code")
                        .asText(),
                "the alias went with its version");
        ok("DELETE", "registered-models/delete", "{\"name\": \"" + renamed + "\"}");
        JsonNode gone = send("GET", "registered-models/get?name=" + encode(renamed), null);
        assertEquals("RESOURCE_DOES_NOT_EXIST", gone.path("error_code").asText(), gone.toString());
    }

    private String runWithModel(double loss) throws Exception {
        String runId = mlflow.createRun(experimentId).getRunId();
        mlflow.logBatch(
                runId,
                List.of(Metric.newBuilder()
                        .setKey("loss")
                        .setValue(loss)
                        .setStep(0)
                        .setTimestamp(1_700_000_000_000L)
                        .build()),
                List.of(),
                List.of());
        HttpResponse<String> put = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/2.0/mlflow-artifacts/artifacts/"
                                + experimentId + "/" + runId + "/artifacts/model/MLmodel"))
                        .PUT(HttpRequest.BodyPublishers.ofString("artifact_path: model\nrun_id: " + runId + "\n"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, put.statusCode(), put.body());
        return runId;
    }

    /** What register_model sends: create the model (ALREADY_EXISTS is fine), then a version of the run's model. */
    private JsonNode register(String runId) throws Exception {
        send("POST", "registered-models/create", "{\"name\": \"" + model + "\"}");
        String source = mlflow.getRun(runId).getInfo().getArtifactUri() + "/model";
        return ok(
                        "POST",
                        "model-versions/create",
                        JSON.createObjectNode()
                                .put("name", model)
                                .put("source", source)
                                .put("run_id", runId)
                                .toString())
                .path("model_version");
    }

    private JsonNode byAlias(String alias) throws Exception {
        JsonNode response = send("GET", "registered-models/alias?name=" + encode(model) + "&alias=" + alias, null);
        return response.has("model_version") ? response.path("model_version") : response;
    }

    private void setBaseline(String runId) {
        tracking.setBaseline(SetBaselineRequest.newBuilder()
                .setExperimentId(experimentId)
                .setRunId(runId)
                .setMetric("loss")
                .setDirection(MetricDirection.METRIC_DIRECTION_MINIMIZE)
                .setReason("test")
                .build());
    }

    private JsonNode ok(String method, String endpoint, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = request(method, endpoint, body);
        assertEquals(200, response.statusCode(), endpoint + ": " + response.body());
        return JSON.readTree(response.body());
    }

    private JsonNode send(String method, String endpoint, String body) throws IOException, InterruptedException {
        return JSON.readTree(request(method, endpoint, body).body());
    }

    private HttpResponse<String> request(String method, String endpoint, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/2.0/mlflow/" + endpoint))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
