package dev.ratchet.orchestrator;

import static dev.ratchet.testing.GrpcAssertions.assertStatus;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ratchet.events.v1.RunFinished;
import dev.ratchet.events.v1.RunOutcome;
import dev.ratchet.orchestration.v1.Budget;
import dev.ratchet.orchestration.v1.CancelStudyRequest;
import dev.ratchet.orchestration.v1.ExecutorKind;
import dev.ratchet.orchestration.v1.JobTemplate;
import dev.ratchet.orchestration.v1.ListTrialsRequest;
import dev.ratchet.orchestration.v1.OrchestrationServiceGrpc.OrchestrationServiceBlockingStub;
import dev.ratchet.orchestration.v1.ParamPassing;
import dev.ratchet.orchestration.v1.Resources;
import dev.ratchet.orchestration.v1.SamplerKind;
import dev.ratchet.orchestration.v1.SamplerSpec;
import dev.ratchet.orchestration.v1.SubmitRunRequest;
import dev.ratchet.orchestration.v1.TrialState;
import dev.ratchet.testing.KafkaBrokerResource;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.grpc.Status;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes Job executor against fabric8's mock API server (CRUD mode, with watches): the
 * Jobs it creates, how their ends become run outcomes, and how stopping a study deletes them.
 * The test plays the cluster: it sets the Jobs' status as the Job controller would.
 */
@QuarkusTest
@TestProfile(KubernetesExecutorTest.KubernetesEnabled.class)
@WithKubernetesTestServer
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
class KubernetesExecutorTest {
    static final String NAMESPACE = "ratchet-jobs";

    public static class KubernetesEnabled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "ratchet.orchestrator.kubernetes.enabled",
                    "true",
                    "ratchet.orchestrator.kubernetes.namespace",
                    NAMESPACE);
        }
    }

    @KubernetesTestServer
    KubernetesServer server;

    @GrpcClient("orchestration")
    OrchestrationServiceBlockingStub orchestration;

    static JobTemplate trainer() {
        return JobTemplate.newBuilder()
                .setExecutor(ExecutorKind.EXECUTOR_KIND_KUBERNETES)
                .setImage("registry.example/credit-trainer:1.4")
                .addCommand("python")
                .addCommand("train.py")
                .setParamPassing(ParamPassing.PARAM_PASSING_ENV)
                .setResources(Resources.newBuilder()
                        .setCpu(0.5)
                        .setMemoryBytes(1L << 30)
                        .setGpus(1))
                .build();
    }

    Job awaitJob(String runId) {
        KubernetesClient client = server.getClient();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> client.batch()
                                .v1()
                                .jobs()
                                .inNamespace(NAMESPACE)
                                .withName("ratchet-run-" + runId)
                                .get()
                        != null);
        return client.batch()
                .v1()
                .jobs()
                .inNamespace(NAMESPACE)
                .withName("ratchet-run-" + runId)
                .get();
    }

    RunFinished awaitRunFinished(String runId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> StudyExecutionTest.runEvents(runId) != null);
        return StudyExecutionTest.runEvents(runId);
    }

    @Test
    void aRunBecomesALabelledJobWithItsImageEnvironmentAndResourcesAndEndsWithIt() {
        String runId = orchestration
                .submitRun(SubmitRunRequest.newBuilder()
                        .setExperimentName("k8s")
                        .putParams("lr", "0.1")
                        .setJob(trainer())
                        .build())
                .getRunId();
        Job job = awaitJob(runId);
        assertEquals("ratchet", job.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
        assertEquals(runId, job.getMetadata().getLabels().get("ratchet.dev/run-id"));
        assertEquals(0, job.getSpec().getBackoffLimit(), "retries are the study's, not Kubernetes'");
        assertEquals(3600, job.getSpec().getTtlSecondsAfterFinished());
        assertEquals("Never", job.getSpec().getTemplate().getSpec().getRestartPolicy());
        Container container =
                job.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("registry.example/credit-trainer:1.4", container.getImage());
        assertEquals(List.of("python", "train.py"), container.getCommand());
        Map<String, String> env =
                container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
        assertEquals(runId, env.get("RATCHET_RUN_ID"));
        assertEquals("0.1", env.get("RATCHET_PARAM_LR"));
        assertEquals("ratchet-tracking:9101", env.get("RATCHET_TRACKING_TARGET"), "the in-cluster address");
        assertEquals(new Quantity("0.5"), container.getResources().getRequests().get("cpu"));
        assertEquals(
                new Quantity(String.valueOf(1L << 30)),
                container.getResources().getLimits().get("memory"));
        assertEquals(new Quantity("1"), container.getResources().getLimits().get("nvidia.com/gpu"));

        job.setStatus(new JobStatusBuilder().withSucceeded(1).build());
        server.getClient()
                .batch()
                .v1()
                .jobs()
                .inNamespace(NAMESPACE)
                .resource(job)
                .updateStatus();
        RunFinished finished = awaitRunFinished(runId);
        assertEquals(RunOutcome.RUN_OUTCOME_FINISHED, finished.getOutcome());
    }

    @Test
    void aFailedJobEndsItsRunWithTheContainersExitCode() {
        String runId = orchestration
                .submitRun(SubmitRunRequest.newBuilder()
                        .setExperimentName("k8s")
                        .setJob(trainer())
                        .build())
                .getRunId();
        Job job = awaitJob(runId);
        server.getClient()
                .pods()
                .inNamespace(NAMESPACE)
                .resource(new PodBuilder()
                        .withNewMetadata()
                        .withName("ratchet-run-" + runId + "-x7k2p")
                        .addToLabels("job-name", job.getMetadata().getName())
                        .endMetadata()
                        .withNewStatus()
                        .addNewContainerStatus()
                        .withName("job")
                        .withNewState()
                        .withNewTerminated()
                        .withExitCode(3)
                        .endTerminated()
                        .endState()
                        .endContainerStatus()
                        .endStatus()
                        .build())
                .create();
        job.setStatus(new JobStatusBuilder().withFailed(1).build());
        server.getClient()
                .batch()
                .v1()
                .jobs()
                .inNamespace(NAMESPACE)
                .resource(job)
                .updateStatus();
        RunFinished finished = awaitRunFinished(runId);
        assertEquals(RunOutcome.RUN_OUTCOME_FAILED, finished.getOutcome());
        assertTrue(finished.getMessage().startsWith("exit status 3"), finished.getMessage());
    }

    @Test
    void cancellingAStudyDeletesItsRunningJobs() {
        String studyId = orchestration
                .createStudy(StudyExecutionTest.study(
                                "k8s study",
                                trainer(),
                                10,
                                Budget.newBuilder().setMaxParallelTrials(2).build())
                        .setSampler(SamplerSpec.newBuilder()
                                .setKind(SamplerKind.SAMPLER_KIND_RANDOM)
                                .setSeed(4))
                        .build())
                .getStudy()
                .getStudyId();
        KubernetesClient client = server.getClient();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> client.batch()
                                .v1()
                                .jobs()
                                .inNamespace(NAMESPACE)
                                .withLabel("ratchet.dev/study-id", studyId)
                                .list()
                                .getItems()
                                .size()
                        == 2);
        orchestration.cancelStudy(
                CancelStudyRequest.newBuilder().setStudyId(studyId).build());
        await().atMost(Duration.ofSeconds(30))
                .until(() -> client.batch()
                        .v1()
                        .jobs()
                        .inNamespace(NAMESPACE)
                        .withLabel("ratchet.dev/study-id", studyId)
                        .list()
                        .getItems()
                        .isEmpty());
        assertTrue(
                orchestration
                        .listTrials(ListTrialsRequest.newBuilder()
                                .setStudyId(studyId)
                                .build())
                        .getTrialsList()
                        .stream()
                        .allMatch(t -> t.getState() == TrialState.TRIAL_STATE_CANCELLED));
    }

    @Test
    void jsonParametersComeFromAConfigMapTheJobOwns() {
        String runId = orchestration
                .submitRun(SubmitRunRequest.newBuilder()
                        .setExperimentName("k8s")
                        .putParams("lr", "0.1")
                        .putParams("depth", "6")
                        .setJob(trainer().toBuilder().setParamPassing(ParamPassing.PARAM_PASSING_JSON_FILE))
                        .build())
                .getRunId();
        Job job = awaitJob(runId);
        KubernetesClient client = server.getClient();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> client.configMaps()
                                .inNamespace(NAMESPACE)
                                .withName("ratchet-run-" + runId + "-params")
                                .get()
                        != null);
        ConfigMap params = client.configMaps()
                .inNamespace(NAMESPACE)
                .withName("ratchet-run-" + runId + "-params")
                .get();
        assertEquals(
                "{\"lr\":\"0.1\",\"depth\":\"6\"}".length(),
                params.getData().get("params.json").length());
        assertTrue(params.getData().get("params.json").contains("\"depth\":\"6\""));
        assertEquals(
                job.getMetadata().getName(),
                params.getMetadata().getOwnerReferences().get(0).getName());
        Container container =
                job.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals(
                "/etc/ratchet/params.json",
                container.getEnv().stream()
                        .filter(e -> e.getName().equals("RATCHET_PARAMS_FILE"))
                        .findFirst()
                        .orElseThrow()
                        .getValue());
        assertEquals("/etc/ratchet", container.getVolumeMounts().get(0).getMountPath());
        assertEquals(
                params.getMetadata().getName(),
                job.getSpec()
                        .getTemplate()
                        .getSpec()
                        .getVolumes()
                        .get(0)
                        .getConfigMap()
                        .getName());
    }

    @Test
    void aKubernetesJobNeedsAnImage() {
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "job.image is empty",
                () -> orchestration.submitRun(SubmitRunRequest.newBuilder()
                        .setExperimentName("k8s")
                        .setJob(trainer().toBuilder().clearImage())
                        .build()));
    }
}
