package dev.ratchet.tracking.run;

import dev.ratchet.common.grpc.ApiException;
import dev.ratchet.common.outbox.Outbox;
import dev.ratchet.contract.events.EventFields;
import dev.ratchet.contract.events.EventType;
import dev.ratchet.contract.events.InvalidEventException;
import dev.ratchet.contract.events.Times;
import dev.ratchet.events.v1.RunFinished;
import dev.ratchet.events.v1.RunOutcome;
import dev.ratchet.events.v1.RunStarted;
import dev.ratchet.tracking.TrackingConfig;
import dev.ratchet.tracking.experiment.Experiment;
import dev.ratchet.tracking.experiment.Experiments;
import dev.ratchet.tracking.idea.Ideas;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/** A run's lifecycle, whether it is driven by gRPC calls or by events from other services. */
@ApplicationScoped
public class Runs {
    private static final Logger LOG = Logger.getLogger(Runs.class);

    @Inject
    TrackingConfig config;

    @Inject
    Experiments experiments;

    @Inject
    Outbox outbox;

    @Inject
    Ideas ideas;

    @Inject
    EntityManager entityManager;

    /**
     * What a client states about a new run; validated by the caller. {@code id} and {@code startTime}
     * are null unless the client chose them (a run started offline, MLflow's start_time).
     */
    public record NewRun(
            UUID experimentId,
            String name,
            Map<String, ParamEntry> params,
            String user,
            String notes,
            Approach approach,
            UUID parentRunId,
            UUID ideaId,
            Reproducing reproducing,
            UUID id,
            Instant startTime) {}

    /** How far ahead of tracking's clock a client's start or end time may be (its clock may run fast). */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(10);

    /** The run a new run re-runs, and the relative tolerance its metrics are compared with. */
    public record Reproducing(UUID originalRunId, double tolerance) {}

    @Transactional
    public Run create(NewRun request) {
        Experiment experiment = experiments.get(request.experimentId());
        if (request.id() != null) {
            Optional<Run> existing = Run.findByIdOptional(request.id());
            if (existing.isPresent()) {
                Run run = existing.get();
                if (run.experiment != null && run.experiment.id.equals(experiment.id)) {
                    return run; // a retried sync of a run started offline
                }
                throw ApiException.alreadyExists("run " + request.id() + " already exists"
                        + (run.experiment == null ? "" : " in experiment '" + run.experiment.name + "'"));
            }
        }
        Instant startTime = request.startTime() == null ? Times.now() : notAhead("start_time", request.startTime());
        if (experiment.archived) {
            throw ApiException.failedPrecondition("experiment '" + experiment.name + "' is archived; restore it "
                    + "(ArchiveExperiment with archived=false) to add runs");
        }
        if (request.parentRunId() != null) {
            Run parent = get(request.parentRunId());
            if (parent.experiment == null || !parent.experiment.id.equals(experiment.id)) {
                throw ApiException.invalidArgument(
                        "parent run " + parent.id + " is not in experiment '" + experiment.name + "'");
            }
        }
        if (request.ideaId() != null) {
            ideas.openIdea(request.ideaId(), experiment.id);
        }
        if (request.reproducing() != null) {
            Run original = get(request.reproducing().originalRunId());
            if (original.experiment == null || !original.experiment.id.equals(experiment.id)) {
                throw ApiException.invalidArgument("run " + original.id + " to reproduce is not in experiment '"
                        + experiment.name + "'; a re-run belongs to the original's experiment");
            }
        }
        String name = request.name();
        Map<String, ParamEntry> params = request.params();
        Run run = new Run();
        run.id = request.id() == null ? UUID.randomUUID() : request.id();
        run.experiment = experiment;
        run.name = name;
        run.user = request.user();
        run.notes = request.notes();
        run.approach = request.approach();
        run.parentRunId = request.parentRunId();
        run.ideaId = request.ideaId();
        if (request.reproducing() != null) {
            run.reproducesRunId = request.reproducing().originalRunId();
            run.reproductionTolerance = request.reproducing().tolerance();
        }
        run.status = RunStatus.RUNNING;
        run.startTime = startTime;
        run.params.putAll(params);
        run.persist();
        outbox.publish(
                run.id.toString(),
                RunStarted.newBuilder()
                        .setRunId(run.id.toString())
                        .setExperimentName(experiment.name)
                        .setRunName(name)
                        .putAllParams(Params.texts(params))
                        .putAllTypedParams(Params.typed(params))
                        .setStartTime(Times.toProto(run.startTime))
                        .build());
        return run;
    }

    /** An announced run; NOT_FOUND for an unknown one and for one only events have named so far. */
    @Transactional
    public Run get(UUID id) {
        Run run = Run.<Run>findByIdOptional(id).orElseThrow(() -> ApiException.notFound("no run with id " + id));
        if (run.experiment == null) {
            throw ApiException.notFound("run " + id + " has not been announced: what arrived for it is held until a "
                    + "RunStarted event or CreateRun names its experiment");
        }
        return run;
    }

    @Transactional
    public Run finish(UUID id, RunStatus status, String message, Instant endTime) {
        if (!status.ended()) {
            throw ApiException.invalidArgument("status must be FINISHED, FAILED or KILLED, not " + status);
        }
        Run run = get(id);
        if (run.status == status) {
            return run; // a retried call
        }
        if (run.status.ended()) {
            throw ApiException.failedPrecondition("run " + id + " already ended as " + run.status);
        }
        Instant ended = endTime == null ? Times.now() : notAhead("end_time", endTime);
        if (run.startTime != null && ended.isBefore(run.startTime)) {
            throw ApiException.invalidArgument("end_time " + ended + " is before the run's start " + run.startTime);
        }
        end(run, status, ended, message);
        outbox.publish(
                id.toString(),
                RunFinished.newBuilder()
                        .setRunId(id.toString())
                        .setOutcome(RunOutcome.valueOf("RUN_OUTCOME_" + status.name()))
                        .setEndTime(Times.toProto(run.endTime))
                        .setMessage(message)
                        .build());
        return run;
    }

    private static Instant notAhead(String field, Instant time) {
        if (time.isAfter(Times.now().plus(CLOCK_SKEW))) {
            throw ApiException.invalidArgument(field + " " + time + " is in the future (more than "
                    + CLOCK_SKEW.toMinutes() + " minutes ahead of tracking's clock)");
        }
        return time;
    }

    /** Removes a tag (MLflow's runs/delete-tag); NOT_FOUND when the run has no such tag. */
    @Transactional
    public void removeTag(UUID id, String key) {
        if (get(id).tags.remove(key) == null) {
            throw ApiException.notFound("run " + id + " has no tag '" + key + "'");
        }
    }

    /** Renames a run (MLflow's runs/update with a run_name). */
    @Transactional
    public void rename(UUID id, String name) {
        get(id).name = name;
    }

    /** Deletes a run (MLflow's runs/delete) or restores it: it is kept, and hidden from searches while deleted. */
    @Transactional
    public Run setDeleted(UUID id, boolean deleted) {
        Run run = get(id);
        run.deleted = deleted;
        return run;
    }

    /** Records a run announced by a RunStarted event; a run already started stays as it is. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void started(RunStarted event) {
        UUID id = EventFields.uuid(EventType.RUN_STARTED, "run_id", event.getRunId());
        String experimentName = EventFields.text(EventType.RUN_STARTED, "experiment_name", event.getExperimentName());
        Run run = getOrQueue(id);
        if (run.experiment != null) {
            return; // announced before: a redelivery, or CreateRun's own event
        }
        run.experiment = experiments.getOrCreate(experimentName);
        run.heldSince = null;
        run.name = event.getRunName();
        run.studyId = event.getStudyId().isEmpty()
                ? null
                : EventFields.uuid(EventType.RUN_STARTED, "study_id", event.getStudyId());
        if (!run.status.ended()) {
            run.status = RunStatus.RUNNING; // else its RunFinished overtook it, and the end stands
        }
        run.startTime = event.hasStartTime() ? Times.toInstant(event.getStartTime()) : Times.now();
        run.params.putAll(Params.entries(
                event.getParamsMap(),
                event.getTypedParamsMap(),
                true,
                problem -> new InvalidEventException(EventType.RUN_STARTED.ceType() + ": " + problem)));
    }

    /** Records the end of a run announced by a RunFinished event. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void finished(RunFinished event) {
        UUID id = EventFields.uuid(EventType.RUN_FINISHED, "run_id", event.getRunId());
        RunStatus status = switch (event.getOutcome()) {
            case RUN_OUTCOME_FINISHED -> RunStatus.FINISHED;
            case RUN_OUTCOME_FAILED -> RunStatus.FAILED;
            case RUN_OUTCOME_KILLED -> RunStatus.KILLED;
            default ->
                throw new InvalidEventException(
                        EventType.RUN_FINISHED.ceType() + ": outcome " + event.getOutcome() + " is not an end state");
        };
        Run run = getOrQueue(id);
        if (!run.status.ended()) {
            end(
                    run,
                    status,
                    event.hasEndTime() ? Times.toInstant(event.getEndTime()) : Times.now(),
                    event.getMessage());
        }
    }

    /**
     * The run with that id; when no event has announced it yet (metrics may overtake RunStarted on
     * another topic), a QUEUED placeholder that RunStarted completes later. Safe under concurrent
     * consumers: the insert does nothing when another transaction created the row first.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Run getOrQueue(UUID id) {
        entityManager
                .createNativeQuery("""
                        insert into run (id, status, held_since) values (?1, ?2, now()) on conflict do nothing""")
                .setParameter(1, id)
                .setParameter(2, RunStatus.QUEUED.name())
                .executeUpdate();
        return Run.findById(id);
    }

    /**
     * Drops the runs that events named and nothing announced within the retention, with what was
     * held for them; each is logged with its count of points. A producer that logs under a run id
     * nobody created leaves nothing behind for good.
     */
    @Scheduled(every = "${ratchet.tracking.unannounced-run-check:1h}", delayed = "1m")
    @Transactional
    public void dropUnannounced() {
        Instant before = Instant.now().minus(config.runs().unannouncedRunRetention());
        List<UUID> held = Run.<Run>find("experiment is null and heldSince < ?1", before).stream()
                .map(run -> run.id)
                .toList();
        for (UUID id : held) {
            long points = ((Number) entityManager
                            .createNativeQuery(
                                    "select coalesce(sum(point_count), 0) from metric_series where run_id = ?1")
                            .setParameter(1, id)
                            .getSingleResult())
                    .longValue();
            for (String table : List.of("metric_point", "metric_series", "evaluation_result", "run_param", "run_tag")) {
                entityManager
                        .createNativeQuery("delete from " + table + " where run_id = ?1")
                        .setParameter(1, id)
                        .executeUpdate();
            }
            Run.deleteById(id);
            LOG.warnf(
                    "Dropped run %s and its %d metric points: events named it, and no RunStarted or CreateRun "
                            + "announced it within %s (ratchet.tracking.unannounced-run-retention)",
                    id, points, config.runs().unannouncedRunRetention());
        }
    }

    private static void end(Run run, RunStatus status, Instant at, String message) {
        run.status = status;
        run.endTime = at;
        run.endMessage = message;
    }
}
