package dev.ratchet.orchestrator.driver;

import dev.ratchet.common.grpc.ApiException;
import dev.ratchet.common.outbox.Outbox;
import dev.ratchet.contract.events.StoredMessages;
import dev.ratchet.contract.events.Times;
import dev.ratchet.events.v1.MetricContext;
import dev.ratchet.events.v1.PredictionSource;
import dev.ratchet.events.v1.RunOutcome;
import dev.ratchet.events.v1.StudyFinished;
import dev.ratchet.events.v1.TrialCompleted;
import dev.ratchet.events.v1.TrialFailed;
import dev.ratchet.events.v1.TrialPruned;
import dev.ratchet.events.v1.TrialStarted;
import dev.ratchet.orchestration.v1.BestTrialEvaluation;
import dev.ratchet.orchestration.v1.Budget;
import dev.ratchet.orchestration.v1.JobTemplate;
import dev.ratchet.orchestration.v1.StudyEndReason;
import dev.ratchet.orchestrator.OrchestratorConfig;
import dev.ratchet.orchestrator.execution.RunQueue;
import dev.ratchet.orchestrator.execution.SubmittedRun;
import dev.ratchet.orchestrator.study.Direction;
import dev.ratchet.orchestrator.study.Study;
import dev.ratchet.orchestrator.study.StudyState;
import dev.ratchet.orchestrator.submission.Submissions;
import dev.ratchet.orchestrator.trial.TrackedObjective;
import dev.ratchet.orchestrator.trial.TrialEntry;
import dev.ratchet.orchestrator.trial.TrialParams;
import dev.ratchet.orchestrator.trial.Trials;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * Runs a study's trials through its job: one pass per study and tick, under the study's row lock,
 * so every decision is a transaction over durable state and a restarted service simply goes on.
 * A pass settles trials whose run ended, ends the study when its time box, failure budget or trial
 * budget says so, and fills free parallel slots with new trials.
 */
@ApplicationScoped
public class StudyDriver {
    @Inject
    Trials trials;

    @Inject
    RunQueue runs;

    @Inject
    Outbox outbox;

    @Inject
    EntityManager entityManager;

    @Inject
    Submissions submissions;

    /**
     * How long after a job's exit its last points may still be on their way into Kafka; after it,
     * the trial is valued once the consumer has caught up and holds what tracking holds.
     */
    @Inject
    OrchestratorConfig config;

    @Inject
    TrackedObjective trackedObjective;

    @Transactional
    public List<UUID> runningStudies() {
        return Study.<Study>list("state = ?1 and job is not null", StudyState.RUNNING).stream()
                .map(s -> s.id)
                .toList();
    }

    /**
     * One pass over a running study. {@code metricsCaughtUp} says whether the metrics consumer had
     * processed every point in Kafka when the pass began: only then may an exited trial be valued.
     */
    @Transactional
    public void drive(UUID studyId, BooleanSupplier metricsCaughtUp) {
        Study study = Study.findById(studyId, LockModeType.PESSIMISTIC_WRITE);
        if (study == null || study.state != StudyState.RUNNING || study.job == null) {
            return;
        }
        Instant now = Times.now();
        Budget budget = budget(study);
        for (TrialEntry trial : TrialEntry.<TrialEntry>list(
                "key.studyId = ?1 and state = ?2 order by key.number", studyId, TrialEntry.State.RUNNING)) {
            settle(study, budget, trial, now, metricsCaughtUp);
        }
        if (budget.hasDeadline() && !now.isBefore(Times.toInstant(budget.getDeadline()))) {
            end(study, StudyEndReason.STUDY_END_REASON_TIME_BOX);
            return;
        }
        if (budget.getMaxFailedTrials() > 0 && count(study, TrialEntry.State.FAILED) >= budget.getMaxFailedTrials()) {
            end(study, StudyEndReason.STUDY_END_REASON_TOO_MANY_FAILURES);
            return;
        }
        long running = count(study, TrialEntry.State.RUNNING);
        int next = (int) TrialEntry.count("key.studyId", studyId);
        boolean exhausted = false;
        while (running < Math.max(1, budget.getMaxParallelTrials()) && next < study.maxTrials) {
            Optional<Map<String, Object>> suggestion = trials.next(study, next);
            if (suggestion.isEmpty()) {
                exhausted = true;
                break;
            }
            start(study, next++, suggestion.get(), null);
            running++;
        }
        if (running == 0) {
            end(
                    study,
                    exhausted
                            ? StudyEndReason.STUDY_END_REASON_SEARCH_SPACE_EXHAUSTED
                            : StudyEndReason.STUDY_END_REASON_BUDGET_SPENT);
        }
    }

    /** Ends a study now (CancelStudy); an ended study stays as it ended. */
    @Transactional
    public Study cancel(UUID studyId) {
        Study locked = Study.findById(studyId, LockModeType.PESSIMISTIC_WRITE);
        if (locked == null) {
            throw ApiException.notFound("no study with id " + studyId);
        }
        if (locked.state != StudyState.FINISHED) {
            end(locked, StudyEndReason.STUDY_END_REASON_CANCELLED);
        }
        return locked;
    }

    private void start(Study study, int number, Map<String, Object> params, Integer retryOf) {
        SubmittedRun run = new SubmittedRun();
        run.id = UUID.randomUUID();
        run.experimentName = study.experimentName;
        run.runName = study.name + " #" + number;
        run.studyId = study.id;
        run.submittedAt = Times.now();
        run.params.putAll(TrialParams.strings(params));
        runs.enqueue(
                run,
                StoredMessages.read(JobTemplate.parser(), study.job, "job of study " + study.id)
                        .orElseThrow());
        TrialEntry trial = trials.create(study, number, params, run.id);
        trial.retryOf = retryOf;
        outbox.publish(
                study.id.toString(),
                TrialStarted.newBuilder()
                        .setStudyId(study.id.toString())
                        .setNumber(number)
                        .setRunId(run.id.toString())
                        .putAllParams(run.params)
                        .build());
    }

    /** Ends a trial whose run has ended, once its last metrics had time to arrive. */
    private void settle(Study study, Budget budget, TrialEntry trial, Instant now, BooleanSupplier metricsCaughtUp) {
        SubmittedRun run = SubmittedRun.findById(trial.runId);
        if (run.state != SubmittedRun.State.ENDED) {
            return;
        }
        if (trial.pruneStep == null) {
            // The pruner marks a trial with a conditional update in its own transaction and stops the
            // run; mark and stop can commit after this pass listed the trial, so read the mark again
            // now that the run has ended — else a pruned trial would end FAILED by its stop.
            entityManager.refresh(trial);
        }
        if (trial.pruneStep != null) {
            finish(trial, TrialEntry.State.PRUNED, null, now);
            outbox.publish(
                    study.id.toString(),
                    TrialPruned.newBuilder()
                            .setStudyId(study.id.toString())
                            .setNumber(trial.key.number)
                            .setRunId(run.id.toString())
                            .setStep(trial.pruneStep)
                            .setValue(trial.pruneValue)
                            .setReason(trial.message)
                            .build());
            return;
        }
        if (RunOutcome.RUN_OUTCOME_FINISHED.name().equals(run.outcome)) {
            if (now.isBefore(run.endedAt.plus(config.objectiveSettle())) || !metricsCaughtUp.getAsBoolean()) {
                return;
            }
            TrackedObjective.LastStep tracked = trackedObjective.lastStep(
                    run.id, study.objectiveMetric, MetricContext.valueOf(study.objectiveContext));
            OptionalLong received = lastStepReceived(study, trial);
            if (tracked.ahead(received)) {
                if (now.isBefore(run.endedAt.plus(config.objectiveWait()))) {
                    return; // tracking holds points still on their way here
                }
                fail(
                        study,
                        trial,
                        "tracking holds '" + study.objectiveMetric + "' up to step " + tracked.step()
                                + " but the orchestrator received "
                                + (received.isEmpty() ? "none of it" : "it only up to step " + received.getAsLong())
                                + " within " + config.objectiveWait()
                                + " of the job's end (look in the dead-letter topics)",
                        now);
                return;
            }
            Optional<Double> value = objective(study, trial);
            if (value.isPresent() && Double.isFinite(value.get())) {
                trials.complete(study, trial, value.get(), now);
                outbox.publish(
                        study.id.toString(),
                        TrialCompleted.newBuilder()
                                .setStudyId(study.id.toString())
                                .setNumber(trial.key.number)
                                .setRunId(run.id.toString())
                                .setValue(value.get())
                                .build());
                return;
            }
            fail(
                    study,
                    trial,
                    value.isEmpty()
                            ? "the job exited normally but logged no value of '" + study.objectiveMetric + "'"
                                    + (study.objectiveContext.equals("METRIC_CONTEXT_UNSPECIFIED")
                                            ? ""
                                            : " in context " + study.objectiveContext)
                            : "the objective value is " + value.get(),
                    now);
            return;
        }
        fail(study, trial, run.endMessage, now);
        if (RunQueue.LOST.equals(run.stopReason) && retries(study, trial) < budget.getMaxRetries()) {
            start(
                    study,
                    (int) TrialEntry.count("key.studyId", study.id),
                    TrialParams.values(trial),
                    trial.retryOf == null ? trial.key.number : trial.retryOf);
        }
    }

    private void fail(Study study, TrialEntry trial, String message, Instant now) {
        trial.message = message;
        finish(trial, TrialEntry.State.FAILED, null, now);
        outbox.publish(
                study.id.toString(),
                TrialFailed.newBuilder()
                        .setStudyId(study.id.toString())
                        .setNumber(trial.key.number)
                        .setRunId(trial.runId.toString())
                        .setMessage(message == null ? "" : message)
                        .build());
    }

    private static void finish(TrialEntry trial, TrialEntry.State state, Double value, Instant now) {
        trial.state = state;
        trial.value = value;
        trial.finishedAt = now;
    }

    /** How often the original of this trial has been retried. */
    private static long retries(Study study, TrialEntry trial) {
        int original = trial.retryOf == null ? trial.key.number : trial.retryOf;
        return TrialEntry.count("key.studyId = ?1 and retryOf = ?2", study.id, original);
    }

    /** The highest step of the trial's objective received from the metrics topic; empty when none. */
    private OptionalLong lastStepReceived(Study study, TrialEntry trial) {
        Object step = entityManager
                .createNativeQuery("select max(step) from trial_value where study_id = ?1 and number = ?2")
                .setParameter(1, study.id)
                .setParameter(2, trial.key.number)
                .getSingleResult();
        return step == null ? OptionalLong.empty() : OptionalLong.of(((Number) step).longValue());
    }

    /** The trial's objective value: its last or best logged value; empty when it logged none. */
    private Optional<Double> objective(Study study, TrialEntry trial) {
        String select = "BEST".equals(study.objectiveStep)
                ? "select " + (study.direction == Direction.MAXIMIZE ? "max" : "min")
                        + "(value) from trial_value where study_id = ?1 and number = ?2 and value <> 'NaN'"
                : "select value from trial_value where study_id = ?1 and number = ?2 order by step desc limit 1";
        List<?> rows = entityManager
                .createNativeQuery(select)
                .setParameter(1, study.id)
                .setParameter(2, trial.key.number)
                .getResultList();
        return rows.isEmpty() || rows.get(0) == null
                ? Optional.empty()
                : Optional.of(((Number) rows.get(0)).doubleValue());
    }

    private void end(Study study, StudyEndReason reason) {
        String why = reason.name().substring("STUDY_END_REASON_".length());
        for (TrialEntry trial :
                TrialEntry.<TrialEntry>list("key.studyId = ?1 and state = ?2", study.id, TrialEntry.State.RUNNING)) {
            trial.message = "stopped: the study ended (" + why + ")";
            finish(trial, TrialEntry.State.CANCELLED, null, Times.now());
            runs.stop(trial.runId, trial.message);
        }
        study.state = StudyState.FINISHED;
        study.endReason = why;
        study.endedAt = Times.now();
        StudyFinished.Builder finished = StudyFinished.newBuilder()
                .setStudyId(study.id.toString())
                .setReason(why)
                .setCompletedTrials((int) count(study, TrialEntry.State.COMPLETE))
                .setPrunedTrials((int) count(study, TrialEntry.State.PRUNED))
                .setFailedTrials((int) count(study, TrialEntry.State.FAILED));
        Optional<TrialEntry> best = TrialEntry.<TrialEntry>find(
                        "key.studyId = ?1 and state = ?2 order by value "
                                + (study.direction == Direction.MAXIMIZE ? "desc" : "asc") + ", key.number",
                        study.id,
                        TrialEntry.State.COMPLETE)
                .firstResultOptional();
        best.ifPresent(b -> finished.setHasBestTrial(true)
                .setBestTrialNumber(b.key.number)
                .setBestRunId(b.runId.toString())
                .setBestValue(b.value));
        Optional<BestTrialEvaluation> evaluation = StoredMessages.read(
                BestTrialEvaluation.parser(), study.evaluateBest, "evaluate_best of study " + study.id);
        if (best.isPresent() && evaluation.isPresent()) {
            finished.setEvaluationId(submissions
                    .requestEvaluation(
                            best.get().runId,
                            forRun(evaluation.get().getSource(), best.get().runId),
                            evaluation.get().getOptions())
                    .id
                    .toString());
        }
        outbox.publish(study.id.toString(), finished.build());
    }

    /** The source with {@code {run_id}} in its file's URI replaced by the run's id. */
    static PredictionSource forRun(PredictionSource source, UUID runId) {
        if (!source.hasFile()) {
            return source;
        }
        return source.toBuilder()
                .setFile(source.getFile().toBuilder()
                        .setUri(source.getFile().getUri().replace("{run_id}", runId.toString())))
                .build();
    }

    private static long count(Study study, TrialEntry.State state) {
        return TrialEntry.count("key.studyId = ?1 and state = ?2", study.id, state);
    }

    private static Budget budget(Study study) {
        return StoredMessages.read(Budget.parser(), study.budget, "budget of study " + study.id)
                .orElse(Budget.getDefaultInstance());
    }
}
