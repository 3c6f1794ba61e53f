package dev.ratchet.orchestrator.execution;

import dev.ratchet.common.outbox.Outbox;
import dev.ratchet.contract.events.StoredMessages;
import dev.ratchet.contract.events.Times;
import dev.ratchet.events.v1.ParamValue;
import dev.ratchet.events.v1.RunFinished;
import dev.ratchet.events.v1.RunOutcome;
import dev.ratchet.events.v1.RunStarted;
import dev.ratchet.orchestration.v1.ExecutorKind;
import dev.ratchet.orchestration.v1.JobTemplate;
import dev.ratchet.orchestrator.OrchestratorConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The durable side of job execution: runs wait here as QUEUED rows until their executor (local
 * processes, or Kubernetes Jobs when enabled) has a free slot, are RUNNING with their pid recorded, and ENDED with an outcome, each step one
 * transaction with its event (RunStarted when the process starts, RunFinished when it ends). A
 * run's log goes to tracking ({@link JobLogUpload}), its tail into RunFinished.
 */
@ApplicationScoped
public class RunQueue {
    private static final Logger LOG = Logger.getLogger(RunQueue.class);
    /** Stop reason of runs whose process this service lost in a restart. */
    public static final String LOST = "the orchestrator restarted while the job ran; it was stopped";

    private static final int MESSAGE_TAIL = 1500;

    @Inject
    Outbox outbox;

    @Inject
    Event<StopRequested> stops;

    @Inject
    OrchestratorConfig config;

    @Inject
    JobExecutors executors;

    @Inject
    JobLogUpload logs;

    @Inject
    TrialOfRun trials;

    /** A stop to carry out once the transaction deciding it has committed. */
    public record StopRequested(UUID runId) {}

    /** Queues a run of a job; it starts when a slot of its executor is free. */
    @Transactional(Transactional.TxType.MANDATORY)
    public SubmittedRun enqueue(SubmittedRun run, JobTemplate job) {
        run.job = job.toByteArray();
        run.executor = JobExecutors.storedName(JobExecutors.kind(job));
        run.state = SubmittedRun.State.QUEUED;
        run.persist();
        return run;
    }

    /**
     * Stops a run: a queued one never starts, a running one is killed (after the commit) and ends
     * as KILLED with the reason. A run that already ended stays as it ended.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void stop(UUID runId, String reason) {
        SubmittedRun run = SubmittedRun.findById(runId, LockModeType.PESSIMISTIC_WRITE);
        if (run == null || run.state == SubmittedRun.State.ENDED || run.stopReason != null) {
            return;
        }
        run.stopReason = reason;
        if (run.state == SubmittedRun.State.QUEUED) {
            end(run, RunOutcome.RUN_OUTCOME_KILLED, reason, false);
        } else if (run.state == SubmittedRun.State.RUNNING) {
            stops.fire(new StopRequested(runId));
        }
    }

    void onStopCommitted(@Observes(during = TransactionPhase.AFTER_SUCCESS) StopRequested stop) {
        executors.stop(stop.runId());
    }

    /**
     * Once after a start: runs recorded as RUNNING were started by an earlier process. Kubernetes
     * Jobs outlive it and are watched again. Local processes cannot be (their exit status goes to
     * their dead parent): they are stopped, when the pid is still theirs, and the runs end as
     * FAILED so their trials can be retried; nothing is left running unwatched.
     */
    @Transactional
    public int recoverLost() {
        List<SubmittedRun> running = SubmittedRun.list("state", SubmittedRun.State.RUNNING);
        int lost = 0;
        for (SubmittedRun run : running) {
            Optional<Executor> executor = executors.byStoredName(run.executor);
            if (executor.orElse(null) instanceof KubernetesJobExecutor kubernetes
                    && kubernetes.attach(run.id, this::exited)) {
                continue;
            }
            if (run.pid != null && run.processStart != null) {
                LocalProcessExecutor.stopOrphan(
                        run.pid, run.processStart, config.stopGrace().toMillis());
            }
            run.stopReason = LOST;
            end(run, RunOutcome.RUN_OUTCOME_FAILED, LOST, true);
            lost++;
        }
        return lost;
    }

    /** Starts queued runs, oldest first, while their executors have free slots. */
    public void launchQueued() {
        while (true) {
            List<String> free = executors.withFreeSlots();
            if (free.isEmpty()) {
                return;
            }
            Optional<Claimed> next = QuarkusTransaction.requiringNew().call(() -> claimNext(free));
            if (next.isEmpty()) {
                return;
            }
            launch(next.get());
        }
    }

    private record Claimed(UUID runId, JobTemplate job, JobTemplates.Launch launch) {}

    private Optional<Claimed> claimNext(List<String> freeExecutors) {
        @SuppressWarnings("unchecked")
        List<UUID> ids = SubmittedRun.getEntityManager()
                .createNativeQuery("""
                select id from submitted_run where state = 'QUEUED' and executor in (?1)
                order by submitted_at limit 1 for update skip locked""", UUID.class)
                .setParameter(1, freeExecutors)
                .getResultList();
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        SubmittedRun run = SubmittedRun.findById(ids.get(0));
        JobTemplate job = StoredMessages.read(JobTemplate.parser(), run.job, "job of run " + run.id)
                .orElseThrow();
        Optional<TrialOfRun.Trial> trial = trials.find(run.id);
        Map<String, Object> params =
                trial.map(TrialOfRun.Trial::params).orElseGet(() -> new LinkedHashMap<>(run.params));
        run.state = SubmittedRun.State.RUNNING;
        outbox.publish(
                run.id.toString(),
                RunStarted.newBuilder()
                        .setRunId(run.id.toString())
                        .setExperimentName(run.experimentName)
                        .setRunName(run.runName)
                        .setStudyId(run.studyId == null ? "" : run.studyId.toString())
                        .putAllParams(run.params)
                        .putAllTypedParams(
                                trial.map(TrialOfRun.Trial::typedParams).orElseGet(() -> asText(run.params)))
                        .setStartTime(Times.toProto(Times.now()))
                        .build());
        JobTemplates.RunContext context = new JobTemplates.RunContext(
                run.id.toString(),
                run.experimentName,
                JobExecutors.kind(job) == ExecutorKind.EXECUTOR_KIND_KUBERNETES
                        ? config.kubernetes().trackingTarget()
                        : config.trackingTarget(),
                run.studyId == null ? null : run.studyId.toString(),
                trial.map(TrialOfRun.Trial::number).orElse(null));
        return Optional.of(new Claimed(run.id, job, JobTemplates.launch(job, params, context, config.logDir())));
    }

    private void launch(Claimed claimed) {
        try {
            Executor.Started started = executors
                    .forJob(claimed.job())
                    .start(claimed.runId(), claimed.job(), claimed.launch(), this::exited);
            QuarkusTransaction.requiringNew().run(() -> {
                SubmittedRun run = SubmittedRun.findById(claimed.runId(), LockModeType.PESSIMISTIC_WRITE);
                run.pid = started.pid();
                run.processStart = started.startInstant();
                if (run.stopReason != null) {
                    stops.fire(new StopRequested(run.id)); // stopped while it was starting
                }
            });
        } catch (IOException | RuntimeException e) {
            LOG.warnf("Could not start run %s: %s", claimed.runId(), e.getMessage());
            QuarkusTransaction.requiringNew()
                    .run(() -> end(
                            SubmittedRun.findById(claimed.runId()),
                            RunOutcome.RUN_OUTCOME_FAILED,
                            "could not start " + claimed.launch().command().get(0) + ": " + e.getMessage(),
                            true));
        }
    }

    private void exited(UUID runId, Executor.Exit exit) {
        QuarkusTransaction.requiringNew().run(() -> {
            SubmittedRun run = SubmittedRun.findById(runId, LockModeType.PESSIMISTIC_WRITE);
            if (run == null || run.state == SubmittedRun.State.ENDED) {
                return;
            }
            run.exitCode = exit.status();
            String tail = exit.logTail().length() > MESSAGE_TAIL
                    ? exit.logTail().substring(exit.logTail().length() - MESSAGE_TAIL)
                    : exit.logTail();
            boolean local = !"KUBERNETES".equals(run.executor);
            if (run.stopReason != null) {
                end(run, RunOutcome.RUN_OUTCOME_KILLED, run.stopReason, true);
            } else if (exit.status() == 0) {
                end(run, RunOutcome.RUN_OUTCOME_FINISHED, "", true);
            } else {
                end(
                        run,
                        RunOutcome.RUN_OUTCOME_FAILED,
                        "exit status " + exit.status() + (local ? "; log in artifact logs/job.log" : "") + ", ending:\n"
                                + tail,
                        true);
            }
        });
        logs.uploadIfPresent(runId);
    }

    private void end(SubmittedRun run, RunOutcome outcome, String message, boolean announce) {
        run.state = SubmittedRun.State.ENDED;
        run.outcome = outcome.name();
        run.endedAt = Times.now();
        run.endMessage = message;
        if (announce) {
            outbox.publish(
                    run.id.toString(),
                    RunFinished.newBuilder()
                            .setRunId(run.id.toString())
                            .setOutcome(outcome)
                            .setEndTime(Times.toProto(run.endedAt))
                            .setMessage(message)
                            .build());
        }
    }

    /** A submitted run's parameters as RunStarted types them: as the text they were given in. */
    private static Map<String, ParamValue> asText(Map<String, String> params) {
        Map<String, ParamValue> typed = new LinkedHashMap<>();
        params.forEach((name, value) ->
                typed.put(name, ParamValue.newBuilder().setStringValue(value).build()));
        return typed;
    }
}
