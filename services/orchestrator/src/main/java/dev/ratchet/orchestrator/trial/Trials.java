package dev.ratchet.orchestrator.trial;

import dev.ratchet.common.grpc.ApiException;
import dev.ratchet.common.outbox.Outbox;
import dev.ratchet.contract.events.StoredMessages;
import dev.ratchet.contract.events.Times;
import dev.ratchet.events.v1.ParamValue;
import dev.ratchet.events.v1.TrialCompleted;
import dev.ratchet.events.v1.TrialFailed;
import dev.ratchet.events.v1.TrialStarted;
import dev.ratchet.orchestration.v1.GetParamImportancesResponse;
import dev.ratchet.orchestration.v1.StudyTrial;
import dev.ratchet.orchestration.v1.TrialState;
import dev.ratchet.orchestrator.search.GridSampler;
import dev.ratchet.orchestrator.search.ParamImportance;
import dev.ratchet.orchestrator.search.SearchSpace;
import dev.ratchet.orchestrator.search.Trial;
import dev.ratchet.orchestrator.study.Direction;
import dev.ratchet.orchestrator.study.Studies;
import dev.ratchet.orchestrator.study.Study;
import dev.ratchet.orchestrator.study.StudyState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Ask/tell over a study's trials, durable in PostgreSQL: a suggestion depends only on the study's
 * seed, the trial number and the finished trials, so a restarted service asks the same questions.
 * Asking locks the study row, so concurrent askers get distinct trial numbers. Asking and telling
 * publish the same trial events as a job's trials (with no run), so live pages follow both.
 */
@ApplicationScoped
public class Trials {
    @Inject
    Studies studies;

    @Inject
    StudySearches searches;

    @Inject
    Outbox outbox;

    @Transactional
    public StudyTrial ask(UUID studyId) {
        Study study = Study.findById(studyId, LockModeType.PESSIMISTIC_WRITE);
        if (study == null) {
            throw ApiException.notFound("no study with id " + studyId);
        }
        if (study.job != null) {
            throw ApiException.failedPrecondition("study " + studyId + " runs its own trials through its job;"
                    + " ask/tell is for studies created without one");
        }
        int number = nextNumber(studyId);
        if (number >= study.maxTrials) {
            throw ApiException.failedPrecondition(
                    "study " + studyId + " has used its budget of " + study.maxTrials + " trials");
        }
        Map<String, Object> suggestion = next(study, number)
                .orElseThrow(() -> ApiException.failedPrecondition(
                        "study " + studyId + " has tried all " + number + " combinations of its grid"));
        StudyTrial trial = view(create(study, number, suggestion, null), null);
        outbox.publish(
                studyId.toString(),
                TrialStarted.newBuilder()
                        .setStudyId(studyId.toString())
                        .setNumber(number)
                        .putAllParams(TrialParams.strings(suggestion))
                        .build());
        return trial;
    }

    /**
     * The parameters of trial {@code number} of a study locked by the caller: the oldest enqueued
     * configuration, taken off the queue, or else the sampler's suggestion.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Map<String, Object>> next(Study study, int number) {
        List<?> oldest = TrialEntry.getEntityManager()
                .createNativeQuery("""
                delete from study_enqueued_trial where (study_id, seq) = (
                    select study_id, seq from study_enqueued_trial where study_id = ?1 order by seq limit 1)
                returning params""")
                .setParameter(1, study.id)
                .getResultList();
        if (!oldest.isEmpty()) {
            return Optional.of(SearchSpaces.fromProto(StoredMessages.read(
                            StudyTrial.parser(), (byte[]) oldest.get(0), "enqueued trial of study " + study.id)
                    .orElseThrow()
                    .getParamsMap()));
        }
        return suggest(study, number);
    }

    /**
     * Enqueues a configuration (a baseline's, a known good one) for the study's next trial, checked
     * against the search space now, so a bad one is refused here rather than failing a trial later.
     * Returns how many wait.
     */
    @Transactional
    public int enqueue(UUID studyId, Map<String, ParamValue> params) {
        Study study = Study.findById(studyId, LockModeType.PESSIMISTIC_WRITE);
        if (study == null) {
            throw ApiException.notFound("no study with id " + studyId);
        }
        if (study.state == StudyState.FINISHED) {
            throw ApiException.failedPrecondition(
                    "study " + studyId + " has ended; enqueue into a study still running");
        }
        Map<String, Object> values;
        try {
            values = searches.of(study).space.check(SearchSpaces.fromProto(params));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidArgument("params: " + e.getMessage());
        }
        EntityManager sql = TrialEntry.getEntityManager();
        sql.createNativeQuery("insert into study_enqueued_trial (study_id, params, enqueued_at) values (?1, ?2, ?3)")
                .setParameter(1, studyId)
                .setParameter(
                        2,
                        StudyTrial.newBuilder()
                                .putAllParams(SearchSpaces.toProto(values))
                                .build()
                                .toByteArray())
                .setParameter(3, Times.now())
                .executeUpdate();
        return ((Number) sql.createNativeQuery("select count(*) from study_enqueued_trial where study_id = ?1")
                        .setParameter(1, studyId)
                        .getSingleResult())
                .intValue();
    }

    /**
     * The sampler's suggestion for trial {@code number} of a study locked by the caller; empty when
     * a grid has no combination left. Depends only on the seed, the number and the completed trials.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Map<String, Object>> suggest(Study study, int number) {
        StudySearches.StudySearch search = searches.of(study);
        if (search.sampler instanceof GridSampler grid && number >= grid.size(search.space)) {
            return Optional.empty();
        }
        return Optional.of(search.sampler.suggest(search.space, search.completed(), number));
    }

    /**
     * Completes a trial of a study the caller has locked, numbering it in the study's completion
     * order (what lets a suggestion read only the trials completed since the last).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void complete(Study lockedStudy, TrialEntry trial, double value, Instant now) {
        trial.state = TrialEntry.State.COMPLETE;
        trial.value = value;
        trial.finishedAt = now;
        trial.completedSeq = ++lockedStudy.completedTrials;
    }

    /** The number the study's next trial gets: one past the highest (read off the primary key's index). */
    private static int nextNumber(UUID studyId) {
        return ((Number) TrialEntry.getEntityManager()
                        .createNativeQuery("select coalesce(max(number), -1) + 1 from study_trial where study_id = ?1")
                        .setParameter(1, studyId)
                        .getSingleResult())
                .intValue();
    }

    /** A new RUNNING trial with these parameters. */
    @Transactional(Transactional.TxType.MANDATORY)
    public TrialEntry create(Study study, int number, Map<String, Object> params, UUID runId) {
        TrialEntry entry = new TrialEntry();
        entry.key = new TrialEntry.Key(study.id, number);
        entry.params = StudyTrial.newBuilder()
                .putAllParams(SearchSpaces.toProto(params))
                .build()
                .toByteArray();
        entry.state = TrialEntry.State.RUNNING;
        entry.createdAt = Times.now();
        entry.runId = runId;
        entry.persist();
        return entry;
    }

    @Transactional
    public StudyTrial tell(UUID studyId, int number, TrialState state, double value, List<Double> constraints) {
        Study study =
                Study.findById(studyId, LockModeType.PESSIMISTIC_WRITE); // completion numbers are handed out under it
        if (study == null) {
            throw ApiException.notFound("no study with id " + studyId);
        }
        if (study.job != null) {
            throw ApiException.failedPrecondition("study " + studyId + " runs its own trials through its job; their"
                    + " values come from the metrics the job logs");
        }
        TrialEntry entry = TrialEntry.findById(new TrialEntry.Key(studyId, number));
        if (entry == null) {
            throw ApiException.notFound("study " + studyId + " has no trial " + number + "; ask for it first");
        }
        TrialEntry.State newState = switch (state) {
            case TRIAL_STATE_COMPLETE -> TrialEntry.State.COMPLETE;
            case TRIAL_STATE_FAILED -> TrialEntry.State.FAILED;
            default -> throw ApiException.invalidArgument("state must be TRIAL_STATE_COMPLETE or TRIAL_STATE_FAILED");
        };
        if (newState == TrialEntry.State.COMPLETE && !Double.isFinite(value)) {
            throw ApiException.invalidArgument("value is " + value + "; a complete trial needs a finite value"
                    + " (report a diverged trial as TRIAL_STATE_FAILED)");
        }
        double[] told = checkedConstraints(study, newState, constraints);
        Double stored = newState == TrialEntry.State.COMPLETE ? value : null;
        if (entry.state != TrialEntry.State.RUNNING) {
            if (entry.state == newState
                    && Objects.equals(entry.value, stored)
                    && Arrays.equals(entry.constraints, told)) {
                return view(entry, null); // a retried tell
            }
            throw ApiException.failedPrecondition("trial " + number + " of study " + studyId + " already finished as "
                    + entry.state + (entry.value == null ? "" : " with value " + entry.value));
        }
        if (newState == TrialEntry.State.COMPLETE) {
            entry.constraints = told;
            complete(study, entry, value, Times.now());
            outbox.publish(
                    studyId.toString(),
                    TrialCompleted.newBuilder()
                            .setStudyId(studyId.toString())
                            .setNumber(number)
                            .setValue(value)
                            .build());
        } else {
            entry.state = newState;
            entry.finishedAt = Times.now();
            outbox.publish(
                    studyId.toString(),
                    TrialFailed.newBuilder()
                            .setStudyId(studyId.toString())
                            .setNumber(number)
                            .setMessage("told failed")
                            .build());
        }
        return view(entry, null);
    }

    /** One finite value per constraint of the study for a complete trial, none for a failed one. */
    private static double[] checkedConstraints(Study study, TrialEntry.State state, List<Double> constraints) {
        if (state != TrialEntry.State.COMPLETE) {
            if (!constraints.isEmpty()) {
                throw ApiException.invalidArgument("constraints are told for a complete trial; a failed one has none");
            }
            return new double[0];
        }
        if (constraints.size() != study.constraints.length) {
            throw ApiException.invalidArgument("constraints: study " + study.id + " has " + study.constraints.length
                    + " constraints"
                    + (study.constraints.length == 0 ? "" : " (" + String.join(", ", study.constraints) + ")")
                    + "; tell one value for each, in that order, not " + constraints.size());
        }
        double[] values = new double[constraints.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = constraints.get(i);
            if (!Double.isFinite(values[i])) {
                throw ApiException.invalidArgument("constraints[" + i + "] ('" + study.constraints[i] + "') is "
                        + values[i] + "; tell a finite value (at most 0 is feasible)");
            }
        }
        return values;
    }

    @Transactional
    public List<StudyTrial> list(UUID studyId) {
        studies.get(studyId);
        Map<Integer, Object[]> lastValues = new HashMap<>();
        TrialEntry.getEntityManager()
                .createNativeQuery("""
                select distinct on (number) number, step, value from trial_value where study_id = ?1
                order by number, step desc""", Object[].class)
                .setParameter(1, studyId)
                .getResultList()
                .forEach(row -> lastValues.put(((Number) ((Object[]) row)[0]).intValue(), (Object[]) row));
        return TrialEntry.<TrialEntry>list("key.studyId = ?1 order by key.number", studyId).stream()
                .map(entry -> view(entry, lastValues.get(entry.key.number)))
                .toList();
    }

    /** The parameters' importances over the complete trials (see {@link ParamImportance}). */
    @Transactional
    public GetParamImportancesResponse importances(UUID studyId) {
        Study study = studies.get(studyId);
        SearchSpace space = StoredMessages.read(
                        dev.ratchet.orchestration.v1.SearchSpace.parser(),
                        study.searchSpace,
                        "search space of study " + studyId)
                .map(SearchSpaces::of)
                .orElseThrow(() -> ApiException.failedPrecondition("study " + studyId + " has no search space"));
        List<Trial> completed =
                TrialEntry.<TrialEntry>list("key.studyId = ?1 and state = ?2", studyId, TrialEntry.State.COMPLETE)
                        .stream()
                        .map(e -> new Trial(e.key.number, TrialParams.values(e), e.value))
                        .toList();
        Map<String, Double> importance = ParamImportance.of(space, completed);
        if (importance.isEmpty()) {
            throw ApiException.failedPrecondition("study " + studyId + " has " + completed.size()
                    + " complete trials; importances need at least 4 with different values");
        }
        GetParamImportancesResponse.Builder response =
                GetParamImportancesResponse.newBuilder().setCompleteTrials(completed.size());
        importance.forEach(
                (name, share) -> response.addImportances(dev.ratchet.orchestration.v1.ParamImportance.newBuilder()
                        .setName(name)
                        .setImportance(share)));
        return response.build();
    }

    /** The feasible complete trial with the best value in the study's direction. */
    @Transactional
    public Optional<StudyTrial> best(UUID studyId, List<StudyTrial> trials) {
        Study study = studies.get(studyId);
        return trials.stream()
                .filter(t -> t.getState() == TrialState.TRIAL_STATE_COMPLETE && !t.getInfeasible())
                .min((a, b) -> study.direction == Direction.MAXIMIZE
                        ? Double.compare(b.getValue(), a.getValue())
                        : Double.compare(a.getValue(), b.getValue()));
    }

    /** The API's view; {@code last} is the (number, step, value) of its newest intermediate value, if any. */
    public static StudyTrial view(TrialEntry entry, Object[] last) {
        StudyTrial.Builder view = TrialParams.proto(entry).toBuilder()
                .setStudyId(entry.key.studyId.toString())
                .setNumber(entry.key.number)
                .setState(TrialState.valueOf("TRIAL_STATE_" + entry.state))
                .setRetryOf(entry.retryOf == null ? -1 : entry.retryOf)
                .setInfeasible(Trial.violation(entry.constraints) > 0);
        for (double c : entry.constraints) {
            view.addConstraints(c);
        }
        if (entry.value != null) {
            view.setValue(entry.value);
        }
        if (entry.runId != null) {
            view.setRunId(entry.runId.toString());
        }
        if (entry.message != null) {
            view.setMessage(entry.message);
        }
        if (last != null) {
            view.setLastStep(((Number) last[1]).longValue()).setLastValue(((Number) last[2]).doubleValue());
        }
        return view.build();
    }
}
