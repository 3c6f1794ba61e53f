package dev.ratchet.orchestrator.execution;

import dev.ratchet.orchestration.v1.JobTemplate;
import dev.ratchet.orchestration.v1.Resources;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Runs jobs as Kubernetes Jobs (batch/v1) through the fabric8 client: one Job per run, labelled
 * with the run and study, no Kubernetes-side retries (the study's retry policy decides), removed
 * by Kubernetes a while after it ends. An informer on the labelled Jobs reports each exit once;
 * a stop deletes the Job with its pods. Jobs outlive the orchestrator, so a restarted service
 * re-attaches to them instead of failing their trials. Parameters passed as a JSON file come from a
 * ConfigMap the Job owns, mounted at {@value #PARAMS_DIR}.
 */
public class KubernetesJobExecutor implements Executor {
    private static final Logger LOG = Logger.getLogger(KubernetesJobExecutor.class);
    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    static final String RUN_ID = "ratchet.dev/run-id";
    static final String STUDY_ID = "ratchet.dev/study-id";
    static final String PARAMS_DIR = "/etc/ratchet";
    static final String PARAMS_FILE = "params.json";
    /** The status a deleted (stopped) job reports, as a killed process would. */
    static final int DELETED = 137;

    private final KubernetesClient client;
    private final String namespace;
    private final long ttlSecondsAfterFinished;
    private final Map<UUID, BiConsumer<UUID, Exit>> watched = new ConcurrentHashMap<>();
    private final SharedIndexInformer<Job> informer;

    public KubernetesJobExecutor(KubernetesClient client, String namespace, long ttlSecondsAfterFinished) {
        this.client = client;
        this.namespace = namespace;
        this.ttlSecondsAfterFinished = ttlSecondsAfterFinished;
        this.informer = client.batch()
                .v1()
                .jobs()
                .inNamespace(namespace)
                .withLabel(MANAGED_BY, "ratchet")
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Job job) {
                        changed(job);
                    }

                    @Override
                    public void onUpdate(Job before, Job job) {
                        changed(job);
                    }

                    @Override
                    public void onDelete(Job job, boolean finalStateUnknown) {
                        runId(job).ifPresent(id -> report(id, new Exit(DELETED, "the Kubernetes Job was deleted")));
                    }
                });
    }

    static String jobName(UUID runId) {
        return "ratchet-run-" + runId;
    }

    @Override
    public Started start(UUID runId, JobTemplate template, JobTemplates.Launch launch, BiConsumer<UUID, Exit> onExit) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(MANAGED_BY, "ratchet");
        labels.put(RUN_ID, runId.toString());
        Optional.ofNullable(launch.env().get("RATCHET_STUDY_ID")).ifPresent(study -> labels.put(STUDY_ID, study));
        Map<String, String> variables = new LinkedHashMap<>(launch.env());
        if (launch.paramsFile().isPresent()) {
            variables.put("RATCHET_PARAMS_FILE", PARAMS_DIR + "/" + PARAMS_FILE);
        }
        List<EnvVar> env = variables.entrySet().stream()
                .map(e -> new EnvVar(e.getKey(), e.getValue(), null))
                .toList();
        Job job = new JobBuilder()
                .withNewMetadata()
                .withName(jobName(runId))
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .withBackoffLimit(0)
                .withTtlSecondsAfterFinished((int) ttlSecondsAfterFinished)
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .addNewContainer()
                .withName("job")
                .withImage(template.getImage())
                .withCommand(launch.command())
                .withWorkingDir(template.getWorkingDir().isEmpty() ? null : template.getWorkingDir())
                .withEnv(env)
                .withResources(resources(template.getResources()))
                .withVolumeMounts(
                        launch.paramsFile().isEmpty()
                                ? List.of()
                                : List.of(new VolumeMountBuilder()
                                        .withName("ratchet-params")
                                        .withMountPath(PARAMS_DIR)
                                        .withReadOnly(true)
                                        .build()))
                .endContainer()
                .withVolumes(
                        launch.paramsFile().isEmpty()
                                ? List.of()
                                : List.of(new VolumeBuilder()
                                        .withName("ratchet-params")
                                        .withNewConfigMap()
                                        .withName(paramsName(runId))
                                        .endConfigMap()
                                        .build()))
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
        watched.put(runId, onExit);
        try {
            Job created = client.batch()
                    .v1()
                    .jobs()
                    .inNamespace(namespace)
                    .resource(job)
                    .create();
            if (launch.paramsFile().isPresent()) {
                createParams(created, runId, launch.paramsFile().get().json());
            }
        } catch (RuntimeException e) {
            watched.remove(runId);
            throw e;
        }
        return new Started(null, Instant.now());
    }

    /** The parameters' ConfigMap, owned by the Job, so Kubernetes removes it with the Job. */
    private void createParams(Job job, UUID runId, String json) {
        client.configMaps()
                .inNamespace(namespace)
                .resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName(paramsName(runId))
                        .withLabels(job.getMetadata().getLabels())
                        .addNewOwnerReference()
                        .withApiVersion("batch/v1")
                        .withKind("Job")
                        .withName(job.getMetadata().getName())
                        .withUid(job.getMetadata().getUid())
                        .endOwnerReference()
                        .endMetadata()
                        .addToData(PARAMS_FILE, json)
                        .build())
                .create();
    }

    static String paramsName(UUID runId) {
        return jobName(runId) + "-params";
    }

    /** Resumes watching a run's Job after a restart; false when the Job is gone. */
    public boolean attach(UUID runId, BiConsumer<UUID, Exit> onExit) {
        Job job = job(runId).get();
        if (job == null) {
            return false;
        }
        watched.put(runId, onExit);
        changed(job); // it may have ended while no one watched
        return true;
    }

    @Override
    public boolean stop(UUID runId) {
        if (!watched.containsKey(runId)) {
            return false;
        }
        job(runId).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
        return true;
    }

    @Override
    public int runningCount() {
        return watched.size();
    }

    public void close() {
        informer.close();
    }

    private Resource<Job> job(UUID runId) {
        return client.batch().v1().jobs().inNamespace(namespace).withName(jobName(runId));
    }

    private void changed(Job job) {
        JobStatus status = job.getStatus();
        if (status == null) {
            return;
        }
        Optional<UUID> runId = runId(job);
        if (runId.isEmpty()) {
            return;
        }
        boolean succeeded = status.getSucceeded() != null && status.getSucceeded() > 0;
        boolean failed = status.getFailed() != null && status.getFailed() > 0;
        if ((succeeded || failed) && watched.containsKey(runId.get())) {
            List<Pod> pods = pods(job); // listed once, for both the exit code and the log
            report(runId.get(), new Exit(succeeded ? 0 : exitCode(pods).orElse(1), logTail(job, pods)));
        }
    }

    private void report(UUID runId, Exit exit) {
        BiConsumer<UUID, Exit> onExit = watched.remove(runId);
        if (onExit != null) {
            onExit.accept(runId, exit);
        }
    }

    private static Optional<UUID> runId(Job job) {
        try {
            return Optional.ofNullable(job.getMetadata().getLabels())
                    .map(l -> l.get(RUN_ID))
                    .map(UUID::fromString);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private List<Pod> pods(Job job) {
        return client.pods()
                .inNamespace(namespace)
                .withLabel("job-name", job.getMetadata().getName())
                .list()
                .getItems();
    }

    /** The job container's exit code, from its pod. */
    private static Optional<Integer> exitCode(List<Pod> pods) {
        return pods.stream()
                .flatMap(p -> p.getStatus() == null || p.getStatus().getContainerStatuses() == null
                        ? Stream.empty()
                        : p.getStatus().getContainerStatuses().stream())
                .map(c -> c.getState() == null ? null : c.getState().getTerminated())
                .filter(Objects::nonNull)
                .map(ContainerStateTerminated::getExitCode)
                .findFirst();
    }

    /** The end of the pod's log; empty when the pod (or its log) is gone. */
    private String logTail(Job job, List<Pod> pods) {
        try {
            return pods.stream()
                    .findFirst()
                    .map(p -> client.pods()
                            .inNamespace(namespace)
                            .withName(p.getMetadata().getName())
                            .tailingLines(40)
                            .getLog())
                    .orElse("");
        } catch (RuntimeException e) {
            LOG.debugf("No log for job %s: %s", job.getMetadata().getName(), e.getMessage());
            return "";
        }
    }

    static ResourceRequirements resources(Resources resources) {
        Map<String, Quantity> amounts = new LinkedHashMap<>();
        if (resources.getCpu() > 0) {
            amounts.put("cpu", new Quantity(String.valueOf(resources.getCpu())));
        }
        if (resources.getMemoryBytes() > 0) {
            amounts.put("memory", new Quantity(String.valueOf(resources.getMemoryBytes())));
        }
        if (resources.getGpus() > 0) {
            amounts.put("nvidia.com/gpu", new Quantity(String.valueOf(resources.getGpus())));
        }
        return new ResourceRequirementsBuilder()
                .withRequests(amounts)
                .withLimits(amounts)
                .build();
    }
}
