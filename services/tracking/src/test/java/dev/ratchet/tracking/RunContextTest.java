package dev.ratchet.tracking;

import static dev.ratchet.testing.GrpcAssertions.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Timestamp;
import dev.ratchet.contract.events.EventCodec;
import dev.ratchet.contract.events.Topics;
import dev.ratchet.events.v1.DatasetRegistered;
import dev.ratchet.events.v1.MetricContext;
import dev.ratchet.events.v1.MetricPoint;
import dev.ratchet.testing.KafkaBrokerResource;
import dev.ratchet.testing.KafkaRecords;
import dev.ratchet.testing.LocalKafka;
import dev.ratchet.tracking.v1.CompareRunsRequest;
import dev.ratchet.tracking.v1.CompareRunsResponse;
import dev.ratchet.tracking.v1.CreateExperimentRequest;
import dev.ratchet.tracking.v1.CreateRunRequest;
import dev.ratchet.tracking.v1.DatasetInput;
import dev.ratchet.tracking.v1.DatasetRole;
import dev.ratchet.tracking.v1.Environment;
import dev.ratchet.tracking.v1.GetReproductionRequest;
import dev.ratchet.tracking.v1.GetReproductionResponse;
import dev.ratchet.tracking.v1.GetRunRequest;
import dev.ratchet.tracking.v1.GitSource;
import dev.ratchet.tracking.v1.LogBatchRequest;
import dev.ratchet.tracking.v1.LogRunContextRequest;
import dev.ratchet.tracking.v1.MetricDelta;
import dev.ratchet.tracking.v1.MetricReproduction;
import dev.ratchet.tracking.v1.ReproductionCheck;
import dev.ratchet.tracking.v1.ReproductionVerdict;
import dev.ratchet.tracking.v1.Run;
import dev.ratchet.tracking.v1.RunStatus;
import dev.ratchet.tracking.v1.SearchRunsRequest;
import dev.ratchet.tracking.v1.TrackingServiceGrpc.TrackingServiceBlockingStub;
import dev.ratchet.tracking.v1.UpdateRunRequest;
import io.agroal.api.AgroalDataSource;
import io.grpc.Status;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
class RunContextTest {
    private static final String SECRET = "ghp_s3cr3tT0k3nValue";

    @GrpcClient("tracking")
    TrackingServiceBlockingStub tracking;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void recordsWhatReproducesARunAndNeverStoresASecret() throws Exception {
        String runId = newRun("baseline", "logreg");
        LogRunContextRequest context = LogRunContextRequest.newBuilder()
                .setRunId(runId)
                .setGit(GitSource.newBuilder()
                        .setCommit("3f2a9c1")
                        .setBranch("main")
                        .setRemote("git@example.org:ml/credit.git")
                        .setDirty(true))
                .addDatasets(dataset(DatasetRole.DATASET_ROLE_TRAIN, "sha256:aaa"))
                .addDatasets(dataset(DatasetRole.DATASET_ROLE_TEST, "sha256:ttt"))
                .setEnvironment(Environment.newBuilder()
                        .setOs("Linux 6.1")
                        .setRuntime("Python 3.11.7")
                        .putPackages("scikit-learn", "1.2.1")
                        .putVariables("GITHUB_TOKEN", SECRET)
                        .putVariables("PYTHONHASHSEED", "0"))
                .setSeed(42)
                .setCommand("python train.py --model logreg")
                .build();
        Run run = tracking.logRunContext(context).getRun();
        assertEquals("3f2a9c1", run.getGit().getCommit());
        assertEquals(2, run.getDatasetsCount());
        assertEquals(42, run.getSeed());
        assertEquals("[REDACTED]", run.getEnvironment().getVariablesOrThrow("GITHUB_TOKEN"));
        assertEquals("0", run.getEnvironment().getVariablesOrThrow("PYTHONHASHSEED"));
        assertFalse(storedEnvironment(runId).contains(SECRET), "the secret never reaches the database");

        assertEquals(run, tracking.logRunContext(context).getRun(), "logging the same context again changes nothing");
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "seed of this run was already logged with another value (42)",
                () -> tracking.logRunContext(LogRunContextRequest.newBuilder()
                        .setRunId(runId)
                        .setSeed(7)
                        .build()));

        GetReproductionResponse reproduction = tracking.getReproduction(
                GetReproductionRequest.newBuilder().setRunId(runId).build());
        assertEquals("python train.py --model logreg", reproduction.getCommand());
        assertEquals("logreg", reproduction.getParamsOrThrow("model"));
        assertEquals(
                List.of("the working tree was dirty: commit 3f2a9c1 alone is not the code that ran"),
                reproduction.getWarningsList());

        assertEquals(
                List.of(runId),
                tracking
                        .searchRuns(SearchRunsRequest.newBuilder()
                                .setFilter("datasets.digest = 'sha256:ttt'")
                                .build())
                        .getRunsList()
                        .stream()
                        .map(Run::getRunId)
                        .toList());
    }

    @Test
    void aRunWithoutContextGetsAWarningForEachMissingPart() {
        GetReproductionResponse reproduction = tracking.getReproduction(GetReproductionRequest.newBuilder()
                .setRunId(newRun("bare", "none"))
                .build());
        assertEquals(
                5,
                reproduction.getWarningsCount(),
                reproduction.getWarningsList().toString());
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "datasets[0] needs a uri and a digest",
                () -> tracking.logRunContext(LogRunContextRequest.newBuilder()
                        .setRunId(reproduction.getRunId())
                        .addDatasets(DatasetInput.newBuilder().setUri("file:/data/train.csv"))
                        .build()));
    }

    @Test
    void aReRunIsReproducedWhenEveryMetricOfTheOriginalIsWithinTheTolerance() {
        String original = newRun("original", "logreg");
        log(original, "accuracy", 0.75);
        log(original, "loss", 0.5);
        log(original, "system/samples_per_second", 1200);
        String experimentId = tracking.getRun(
                        GetRunRequest.newBuilder().setRunId(original).build())
                .getRun()
                .getExperimentId();

        String same = rerun(experimentId, original, 0.01);
        log(same, "accuracy", 0.751);
        log(same, "loss", 0.5);
        log(same, "system/samples_per_second", 300); // another machine: not compared
        assertEquals(
                ReproductionVerdict.REPRODUCTION_VERDICT_PENDING,
                reproduction(same).getVerdict());
        finish(same);
        ReproductionCheck reproduced = reproduction(same);
        assertEquals(
                ReproductionVerdict.REPRODUCTION_VERDICT_REPRODUCED, reproduced.getVerdict(), reproduced.toString());
        assertEquals(
                List.of("accuracy", "loss"),
                reproduced.getMetricsList().stream()
                        .map(MetricReproduction::getKey)
                        .toList());
        assertEquals(0.751, reproduced.getMetrics(0).getRerunValue());

        String drifted = rerun(experimentId, original, 0);
        log(drifted, "accuracy", 0.751);
        finish(drifted);
        ReproductionCheck notReproduced = reproduction(drifted);
        assertEquals(ReproductionVerdict.REPRODUCTION_VERDICT_NOT_REPRODUCED, notReproduced.getVerdict());
        assertEquals(1e-6, notReproduced.getTolerance(), "0 stands for the default");
        assertEquals(
                "accuracy (validation) is 0.751, the original's 0.75; loss (validation) was not logged",
                notReproduced.getReason());
        assertFalse(notReproduced.getMetrics(0).getWithinTolerance());
        assertFalse(notReproduced.getMetrics(1).hasRerunValue());

        assertStatus(
                Status.Code.NOT_FOUND,
                "no run with id",
                () -> rerun(experimentId, UUID.randomUUID().toString(), 0.01));
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "reproduction_tolerance 1.5 must be in [0, 1)",
                () -> rerun(experimentId, original, 1.5));
        String otherExperiment = tracking.createExperiment(CreateExperimentRequest.newBuilder()
                        .setName("other-" + UUID.randomUUID())
                        .build())
                .getExperiment()
                .getExperimentId();
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "a re-run belongs to the original's experiment",
                () -> rerun(otherExperiment, original, 0.01));
    }

    private String rerun(String experimentId, String original, double tolerance) {
        return tracking.createRun(CreateRunRequest.newBuilder()
                        .setExperimentId(experimentId)
                        .setName("re-run")
                        .setReproducesRunId(original)
                        .setReproductionTolerance(tolerance)
                        .build())
                .getRun()
                .getRunId();
    }

    private void finish(String runId) {
        tracking.updateRun(UpdateRunRequest.newBuilder()
                .setRunId(runId)
                .setStatus(RunStatus.RUN_STATUS_FINISHED)
                .build());
    }

    private ReproductionCheck reproduction(String runId) {
        return tracking.getRun(GetRunRequest.newBuilder().setRunId(runId).build())
                .getRun()
                .getReproduction();
    }

    @Test
    void comparesParamsDataCodeAndMetricsOfTwoRuns() {
        String base = newRun("baseline", "logreg");
        String candidate = newRun("candidate", "xgb");
        tracking.logRunContext(LogRunContextRequest.newBuilder()
                .setRunId(base)
                .setGit(GitSource.newBuilder().setCommit("aaa"))
                .addDatasets(dataset(DatasetRole.DATASET_ROLE_TRAIN, "sha256:v1"))
                .build());
        tracking.logRunContext(LogRunContextRequest.newBuilder()
                .setRunId(candidate)
                .setGit(GitSource.newBuilder().setCommit("aaa"))
                .addDatasets(dataset(DatasetRole.DATASET_ROLE_TRAIN, "sha256:v2"))
                .build());
        log(base, "val_f1", 0.70);
        log(candidate, "val_f1", 0.82);
        log(candidate, "train_time_s", 12);

        CompareRunsResponse diff = tracking.compareRuns(CompareRunsRequest.newBuilder()
                .setBaseRunId(base)
                .setCandidateRunId(candidate)
                .build());
        assertEquals(1, diff.getParamChangesCount());
        assertEquals("logreg", diff.getParamChanges(0).getBaseValue());
        assertEquals("xgb", diff.getParamChanges(0).getCandidateValue());
        assertFalse(diff.getCodeChanged(), "same commit, clean trees");
        assertEquals(List.of("sha256:v1"), diff.getDatasetChanges(0).getBaseDigestsList());
        assertEquals(List.of("sha256:v2"), diff.getDatasetChanges(0).getCandidateDigestsList());
        MetricDelta trainTime = diff.getMetricDeltas(0);
        assertEquals("train_time_s", trainTime.getKey());
        assertFalse(trainTime.hasBaseValue());
        assertFalse(trainTime.hasDelta());
        MetricDelta f1 = diff.getMetricDeltas(1);
        assertEquals(0.12, f1.getDelta(), 1e-12);
        assertTrue(f1.hasBaseValue() && f1.hasCandidateValue());
    }

    private String storedEnvironment(String runId) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("select environment from run where id = ?")) {
            query.setObject(1, UUID.fromString(runId));
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return new String(row.getBytes(1), StandardCharsets.ISO_8859_1);
            }
        }
    }

    @Test
    void dataNewToTheExperimentIsAnnouncedOnce() {
        String experimentId = tracking.createExperiment(CreateExperimentRequest.newBuilder()
                        .setName("datasets-" + UUID.randomUUID())
                        .build())
                .getExperiment()
                .getExperimentId();
        String first = tracking.createRun(CreateRunRequest.newBuilder()
                        .setExperimentId(experimentId)
                        .build())
                .getRun()
                .getRunId();
        String second = tracking.createRun(CreateRunRequest.newBuilder()
                        .setExperimentId(experimentId)
                        .build())
                .getRun()
                .getRunId();
        String digest = "sha256:" + UUID.randomUUID();
        tracking.logRunContext(LogRunContextRequest.newBuilder()
                .setRunId(first)
                .addDatasets(dataset(DatasetRole.DATASET_ROLE_TRAIN, digest))
                .build());
        tracking.logRunContext(LogRunContextRequest.newBuilder()
                .setRunId(second)
                .addDatasets(dataset(DatasetRole.DATASET_ROLE_TRAIN, digest))
                .build());
        Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(30))
                .until(() -> announced(digest).size() == 1);
        DatasetRegistered registered = announced(digest).get(0);
        assertEquals(first, registered.getRunId(), "only the first run that used the data announces it");
        assertEquals("train", registered.getRole());
        assertTrue(registered.getExperimentName().startsWith("datasets-"));
    }

    private static List<DatasetRegistered> announced(String digest) {
        return KafkaRecords.readToEnd(LocalKafka.bootstrapServers(), Topics.RUNS, r -> true).stream()
                .map(r -> EventCodec.decode(r.headers(), r.value()).data())
                .filter(DatasetRegistered.class::isInstance)
                .map(DatasetRegistered.class::cast)
                .filter(d -> d.getDigest().equals(digest))
                .toList();
    }

    private String newRun(String name, String model) {
        String experimentId = tracking.createExperiment(CreateExperimentRequest.newBuilder()
                        .setName("context-" + UUID.randomUUID())
                        .build())
                .getExperiment()
                .getExperimentId();
        return tracking.createRun(CreateRunRequest.newBuilder()
                        .setExperimentId(experimentId)
                        .setName(name)
                        .putParams("model", model)
                        .build())
                .getRun()
                .getRunId();
    }

    private void log(String runId, String key, double value) {
        tracking.logBatch(LogBatchRequest.newBuilder()
                .setRunId(runId)
                .addMetrics(MetricPoint.newBuilder()
                        .setKey(key)
                        .setValue(value)
                        .setContext(MetricContext.METRIC_CONTEXT_VALIDATION)
                        .setTimestamp(Timestamp.newBuilder().setSeconds(1_700_000_000L)))
                .build());
    }

    private static DatasetInput dataset(DatasetRole role, String digest) {
        return DatasetInput.newBuilder()
                .setUri("file:/data/" + digest + ".csv")
                .setDigest(digest)
                .setRole(role)
                .setRowCount(800)
                .setSchemaSummary("Age:int, Amount:float, Class:string")
                .build();
    }
}
