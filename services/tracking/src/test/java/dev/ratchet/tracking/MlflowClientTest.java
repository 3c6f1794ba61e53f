package dev.ratchet.tracking;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ratchet.events.v1.MetricContext;
import dev.ratchet.testing.KafkaBrokerResource;
import dev.ratchet.tracking.v1.DatasetRole;
import dev.ratchet.tracking.v1.GetMetricHistoryRequest;
import dev.ratchet.tracking.v1.GetRunRequest;
import dev.ratchet.tracking.v1.ListArtifactsRequest;
import dev.ratchet.tracking.v1.TrackingServiceGrpc.TrackingServiceBlockingStub;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mlflow.api.proto.Service.CreateRun;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.Param;
import org.mlflow.api.proto.Service.Run;
import org.mlflow.api.proto.Service.RunInfo;
import org.mlflow.api.proto.Service.RunStatus;
import org.mlflow.api.proto.Service.RunTag;
import org.mlflow.api.proto.Service.ViewType;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowHttpException;

/**
 * MLflow's own Java client (org.mlflow:mlflow-client 2.17.2) against tracking's MLflow REST API,
 * and the same runs seen through gRPC: one model underneath.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
class MlflowClientTest {
    @GrpcClient("tracking")
    TrackingServiceBlockingStub tracking;

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    private MlflowClient mlflow;
    private String experimentId;

    @BeforeEach
    void client() {
        mlflow = new MlflowClient("http://127.0.0.1:" + port);
        experimentId = mlflow.createExperiment("mlflow-" + UUID.randomUUID());
    }

    @Test
    void aTrainingScriptLogsThroughMlflowAndGrpcSeesTheSameRun() {
        String name = mlflow.getExperiment(experimentId).getName();
        assertEquals(
                experimentId, mlflow.getExperimentByName(name).orElseThrow().getExperimentId());
        String runId = mlflow.createRun(CreateRun.newBuilder()
                        .setExperimentId(experimentId)
                        .setRunName("baseline")
                        .addTags(tag("mlflow.source.git.commit", "4f2a9c1"))
                        .addTags(tag("team", "credit"))
                        .build())
                .getRunId();
        mlflow.logParam(runId, "model", "logreg");
        mlflow.logMetric(runId, "loss", 0.69, 1_700_000_000_000L, 0);
        mlflow.logMetric(runId, "loss", 0.52, 1_700_000_001_000L, 1);
        mlflow.setTag(runId, "approach", "simple");
        List<Metric> accuracy = List.of(metric("accuracy", 0.71, 0), metric("accuracy", 0.74, 1));
        mlflow.logBatch(runId, accuracy, List.of(param("lr", "0.01")), List.of(tag("stage", "tuning")));
        mlflow.logBatch(runId, accuracy, List.of(param("lr", "0.01")), List.of()); // the client's retry
        mlflow.setTerminated(runId, RunStatus.FINISHED);

        Run run = mlflow.getRun(runId);
        assertEquals(RunStatus.FINISHED, run.getInfo().getStatus());
        assertEquals("baseline", run.getInfo().getRunName());
        assertEquals("active", run.getInfo().getLifecycleStage());
        assertEquals(
                Map.of("model", "logreg", "lr", "0.01"),
                run.getData().getParamsList().stream().collect(Collectors.toMap(Param::getKey, Param::getValue)));
        Map<String, String> tags =
                run.getData().getTagsList().stream().collect(Collectors.toMap(RunTag::getKey, RunTag::getValue));
        assertEquals("simple", tags.get("approach"));
        assertEquals("4f2a9c1", tags.get("mlflow.source.git.commit"));
        assertEquals("baseline", tags.get("mlflow.runName"));
        assertEquals(
                0.74,
                run.getData().getMetricsList().stream()
                        .filter(m -> m.getKey().equals("accuracy"))
                        .findFirst()
                        .orElseThrow()
                        .getValue());
        List<Metric> history = mlflow.getMetricHistory(runId, "loss");
        assertEquals(List.of(0.69, 0.52), history.stream().map(Metric::getValue).toList());
        assertEquals(1_700_000_001_000L, history.get(1).getTimestamp());
        assertEquals(2, mlflow.getMetricHistory(runId, "accuracy").size(), "the retried batch stored nothing twice");

        // the same run through gRPC: MLflow's reserved tags are Ratchet's fields
        dev.ratchet.tracking.v1.Run same = tracking.getRun(
                        GetRunRequest.newBuilder().setRunId(runId).build())
                .getRun();
        assertEquals("baseline", same.getName());
        assertEquals("4f2a9c1", same.getGit().getCommit());
        assertEquals("logreg", same.getParamsOrThrow("model"));
        assertEquals("credit", same.getTagsOrThrow("team"));
        assertEquals(dev.ratchet.tracking.v1.RunStatus.RUN_STATUS_FINISHED, same.getStatus());
        assertEquals(
                2,
                tracking.getMetricHistory(GetMetricHistoryRequest.newBuilder()
                                .setRunId(runId)
                                .setKey("loss")
                                .setContext(MetricContext.METRIC_CONTEXT_UNSPECIFIED)
                                .build())
                        .getTotalPoints());
    }

    @Test
    void searchFiltersOrdersAndHidesDeletedRuns() {
        String logreg = runWith("logreg", 0.52);
        String xgb = runWith("xgb", 0.41);
        String mlp = runWith("mlp", 0.47);

        assertEquals(
                List.of(xgb),
                mlflow.searchRuns(List.of(experimentId), "metrics.loss < 0.5 and params.model = 'xgb'").stream()
                        .map(RunInfo::getRunId)
                        .toList());
        assertEquals(
                List.of(logreg, mlp, xgb),
                ids(mlflow.searchRuns(List.of(experimentId), "", ViewType.ACTIVE_ONLY, 10, List.of("metrics.loss DESC"))
                        .getItems()));
        assertEquals(
                List.of(xgb, mlp),
                ids(mlflow.searchRuns(
                                List.of(experimentId),
                                "params.model = 'xgb' or metrics.loss < 0.5",
                                ViewType.ACTIVE_ONLY,
                                10,
                                List.of("metrics.loss"))
                        .getItems()),
                "OR, which MLflow's own server refuses");

        mlflow.deleteRun(mlp);
        assertEquals(
                List.of(logreg, xgb),
                ids(mlflow.searchRuns(List.of(experimentId), "", ViewType.ACTIVE_ONLY, 10, List.of("metrics.loss DESC"))
                        .getItems()));
        assertEquals(
                List.of(mlp),
                ids(mlflow.searchRuns(List.of(experimentId), "", ViewType.DELETED_ONLY, 10, List.of())
                        .getItems()));
        assertEquals("deleted", mlflow.getRun(mlp).getInfo().getLifecycleStage());
        mlflow.restoreRun(mlp);
        assertEquals(3, mlflow.searchRuns(List.of(experimentId), "").size());

        mlflow.deleteTag(logreg, "family");
        assertTrue(mlflow.getRun(logreg).getData().getTagsList().stream()
                .noneMatch(t -> t.getKey().equals("family")));
    }

    @Test
    void errorsComeInMlflowsShape() {
        MlflowHttpException missing = assertThrows(
                MlflowHttpException.class, () -> mlflow.getRun(UUID.randomUUID().toString()));
        assertEquals(404, missing.getStatusCode());
        assertTrue(
                missing.getBodyMessage().contains("\"error_code\":\"RESOURCE_DOES_NOT_EXIST\""),
                missing.getBodyMessage());
        String name = mlflow.getExperiment(experimentId).getName();
        MlflowHttpException taken = assertThrows(MlflowHttpException.class, () -> mlflow.createExperiment(name));
        assertEquals(400, taken.getStatusCode());
        assertTrue(taken.getBodyMessage().contains("RESOURCE_ALREADY_EXISTS"), taken.getBodyMessage());
        String runId = runWith("logreg", 0.5);
        MlflowHttpException changed =
                assertThrows(MlflowHttpException.class, () -> mlflow.logParam(runId, "model", "xgb"));
        assertEquals(400, changed.getStatusCode());
        assertTrue(
                changed.getBodyMessage().contains("INVALID_PARAMETER_VALUE")
                        && changed.getBodyMessage().contains("params are write-once"),
                changed.getBodyMessage());
    }

    @Test
    void datasetInputsAndArtifactsLandOnTheRun() throws Exception {
        String runId = runWith("logreg", 0.5);
        mlflow.sendPost("runs/log-inputs", """
                {"run_id": "%s", "datasets": [{"tags": [{"key": "mlflow.data.context", "value": "training"}],
                 "dataset": {"name": "german_credit", "digest": "sha256:abc123", "source_type": "local",
                  "source": "{\\"uri\\": \\"file:/data/german_credit.csv\\"}",
                  "schema": "{\\"mlflow_colspec\\": [{\\"type\\": \\"long\\", \\"name\\": \\"Age\\"}]}",
                  "profile": "{\\"num_rows\\": 1000}"}}]}""".formatted(runId));
        dev.ratchet.tracking.v1.DatasetInput dataset = tracking.getRun(
                        GetRunRequest.newBuilder().setRunId(runId).build())
                .getRun()
                .getDatasets(0);
        assertEquals("file:/data/german_credit.csv", dataset.getUri());
        assertEquals(DatasetRole.DATASET_ROLE_TRAIN, dataset.getRole());
        assertEquals(1000, dataset.getRowCount());
        assertEquals("Age:long", dataset.getSchemaSummary());

        // MLflow's Java client downloads artifacts through MLflow's Python CLI, which cannot be installed
        // here; the artifact proxy is spoken to over plain HTTP, as the Python client does
        String artifacts = mlflow.getRun(runId)
                .getInfo()
                .getArtifactUri()
                .replace("mlflow-artifacts:/", "http://127.0.0.1:" + port + "/api/2.0/mlflow-artifacts/artifacts/");
        byte[] model = "weights".getBytes(StandardCharsets.UTF_8);
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> put = http.send(
                HttpRequest.newBuilder(URI.create(artifacts + "/model/weights.bin"))
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(model))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, put.statusCode(), put.body());
        HttpResponse<byte[]> get = http.send(
                HttpRequest.newBuilder(URI.create(artifacts + "/model/weights.bin"))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertArrayEquals(model, get.body());
        assertEquals(
                "model/weights.bin",
                tracking.listArtifacts(ListArtifactsRequest.newBuilder()
                                .setRunId(runId)
                                .build())
                        .getArtifacts(0)
                        .getPath());
    }

    private String runWith(String model, double loss) {
        String runId = mlflow.createRun(experimentId).getRunId();
        mlflow.logBatch(
                runId,
                List.of(metric("loss", loss, 0)),
                List.of(param("model", model)),
                List.of(tag("family", "linear")));
        return runId;
    }

    private static List<String> ids(List<Run> runs) {
        return runs.stream().map(r -> r.getInfo().getRunId()).toList();
    }

    private static RunTag tag(String key, String value) {
        return RunTag.newBuilder().setKey(key).setValue(value).build();
    }

    private static Param param(String key, String value) {
        return Param.newBuilder().setKey(key).setValue(value).build();
    }

    private static Metric metric(String key, double value, long step) {
        return Metric.newBuilder()
                .setKey(key)
                .setValue(value)
                .setStep(step)
                .setTimestamp(1_700_000_000_000L + step)
                .build();
    }
}
