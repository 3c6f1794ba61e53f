package dev.ratchet.orchestrator.execution;

import dev.ratchet.common.grpc.ApiException;
import dev.ratchet.orchestration.v1.ExecutorKind;
import dev.ratchet.orchestration.v1.JobTemplate;
import dev.ratchet.orchestrator.OrchestratorConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The executors this orchestrator runs jobs on, each with its number of slots: local processes
 * always, Kubernetes Jobs when enabled. Executor kinds are stored by their short name (LOCAL,
 * KUBERNETES).
 */
@ApplicationScoped
public class JobExecutors {
    private static final String PREFIX = "EXECUTOR_KIND_";

    @Inject
    OrchestratorConfig config;

    @Inject
    Instance<KubernetesClient> kubernetesClient;

    private final Map<ExecutorKind, Executor> executors = new EnumMap<>(ExecutorKind.class);
    private final Map<ExecutorKind, Integer> capacity = new EnumMap<>(ExecutorKind.class);

    @PostConstruct
    void init() {
        executors.put(
                ExecutorKind.EXECUTOR_KIND_LOCAL,
                new LocalProcessExecutor(config.stopGrace().toMillis()));
        capacity.put(ExecutorKind.EXECUTOR_KIND_LOCAL, config.local().maxProcesses());
        if (config.kubernetes().enabled()) {
            KubernetesClient client = kubernetesClient.get();
            executors.put(
                    ExecutorKind.EXECUTOR_KIND_KUBERNETES,
                    new KubernetesJobExecutor(
                            client,
                            config.kubernetes().namespace().orElse(client.getNamespace()),
                            config.kubernetes().ttlAfterFinished().toSeconds()));
            capacity.put(
                    ExecutorKind.EXECUTOR_KIND_KUBERNETES, config.kubernetes().maxJobs());
        }
    }

    @PreDestroy
    void close() {
        executors.values().stream()
                .filter(KubernetesJobExecutor.class::isInstance)
                .forEach(e -> ((KubernetesJobExecutor) e).close());
    }

    /** The executor a job asks for; LOCAL when it names none. */
    static ExecutorKind kind(JobTemplate job) {
        return job.getExecutor() == ExecutorKind.EXECUTOR_KIND_KUBERNETES
                ? ExecutorKind.EXECUTOR_KIND_KUBERNETES
                : ExecutorKind.EXECUTOR_KIND_LOCAL;
    }

    /** The short name a run's row stores (LOCAL, KUBERNETES). */
    static String storedName(ExecutorKind kind) {
        return kind.name().substring(PREFIX.length());
    }

    /** FAILED_PRECONDITION when the job asks for an executor this orchestrator does not run. */
    public JobTemplate checkExecutor(JobTemplate job) {
        if (!executors.containsKey(kind(job))) {
            throw ApiException.failedPrecondition(
                    "job.executor KUBERNETES is not enabled on this orchestrator; set"
                            + " RATCHET_KUBERNETES_ENABLED=true (with a service account allowed to manage Jobs) or run locally");
        }
        return job;
    }

    Executor forJob(JobTemplate job) {
        return executors.get(kind(job));
    }

    /** The executor of a stored short name, if this orchestrator runs it. */
    Optional<Executor> byStoredName(String name) {
        return Optional.ofNullable(executors.get(ExecutorKind.valueOf(PREFIX + name)));
    }

    /** Short names of the executors with a free slot now. */
    List<String> withFreeSlots() {
        return executors.entrySet().stream()
                .filter(e -> e.getValue().runningCount() < capacity.get(e.getKey()))
                .map(e -> storedName(e.getKey()))
                .toList();
    }

    /** Stops the run on whichever executor runs it. */
    void stop(UUID runId) {
        executors.values().forEach(executor -> executor.stop(runId));
    }
}
