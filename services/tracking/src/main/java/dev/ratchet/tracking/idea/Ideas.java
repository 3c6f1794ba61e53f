package dev.ratchet.tracking.idea;

import dev.ratchet.common.grpc.ApiException;
import dev.ratchet.common.outbox.Outbox;
import dev.ratchet.contract.events.Times;
import dev.ratchet.events.v1.IdeaExpired;
import dev.ratchet.tracking.experiment.Experiments;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Time-boxed ideas. An idea succeeds when one of its runs becomes the baseline; when its time box
 * ends first, it is closed as failed — cheaply, visibly — and IdeaExpired is announced.
 */
@ApplicationScoped
public class Ideas {
    public static final int MAX_TIME_BOX_DAYS = 365;

    @Inject
    Experiments experiments;

    @Inject
    Outbox outbox;

    @Inject
    EntityManager entityManager;

    /** What a new idea states; validated by the caller. */
    public record NewIdea(UUID experimentId, String title, String hypothesis, String owner, int timeBoxDays) {}

    /** How an experiment's ideas find their best run: by a metric's latest value, lower or higher being better. */
    public record Ranking(String metric, boolean lowerIsBetter) {}

    /** An idea with what its runs achieved. */
    public record View(Idea idea, int runCount, Optional<UUID> bestRunId, double bestValue) {}

    @Transactional
    public Idea create(NewIdea request) {
        experiments.get(request.experimentId());
        if (request.timeBoxDays() < 1 || request.timeBoxDays() > MAX_TIME_BOX_DAYS) {
            throw ApiException.invalidArgument(
                    "time_box_days is " + request.timeBoxDays() + "; it must be 1 to " + MAX_TIME_BOX_DAYS);
        }
        Idea idea = new Idea();
        idea.id = UUID.randomUUID();
        idea.experimentId = request.experimentId();
        idea.title = request.title();
        idea.hypothesis = request.hypothesis();
        idea.owner = request.owner();
        idea.timeBoxDays = request.timeBoxDays();
        idea.createdAt = Times.now();
        idea.deadline = idea.createdAt.plus(Duration.ofDays(request.timeBoxDays()));
        idea.status = Idea.Status.OPEN;
        idea.persist();
        return idea;
    }

    /** The open idea of that experiment a new run may link to. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Idea openIdea(UUID ideaId, UUID experimentId) {
        Idea idea = Idea.<Idea>findByIdOptional(ideaId)
                .orElseThrow(() -> ApiException.notFound("no idea with id " + ideaId));
        if (!idea.experimentId.equals(experimentId)) {
            throw ApiException.invalidArgument("idea " + ideaId + " belongs to another experiment");
        }
        if (idea.status != Idea.Status.OPEN) {
            throw ApiException.failedPrecondition(
                    "idea '" + idea.title + "' is closed (" + idea.status + "); open a new idea for new runs");
        }
        return idea;
    }

    /** A run linked to an open idea became the baseline: the idea succeeded. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void promoted(UUID ideaId) {
        Idea idea = Idea.findById(ideaId);
        if (idea != null && idea.status == Idea.Status.OPEN) {
            idea.status = Idea.Status.SUCCEEDED;
            idea.closedAt = Times.now();
        }
    }

    /** The experiment's ideas, newest first, each with its best run by {@code ranking} (none without one). */
    @Transactional
    public List<View> list(UUID experimentId, Optional<Ranking> ranking) {
        experiments.get(experimentId);
        List<Idea> ideas = Idea.list("experimentId = ?1 order by createdAt desc", experimentId);
        return ideas.stream().map(idea -> view(idea, ranking)).toList();
    }

    @Scheduled(every = "${ratchet.ideas.expiry-check:1m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void expireDue() {
        closeExpired(Instant.now());
    }

    /** Closes every open idea whose deadline is before {@code now}; returns how many. */
    @Transactional
    public int closeExpired(Instant now) {
        List<Idea> due = Idea.list("status = ?1 and deadline < ?2", Idea.Status.OPEN, now);
        for (Idea idea : due) {
            idea.status = Idea.Status.FAILED;
            idea.closedAt = now;
            outbox.publish(
                    idea.id.toString(),
                    IdeaExpired.newBuilder()
                            .setIdeaId(idea.id.toString())
                            .setExperimentId(idea.experimentId.toString())
                            .setTitle(idea.title)
                            .setRunCount(runCount(idea.id))
                            .build());
        }
        return due.size();
    }

    private View view(Idea idea, Optional<Ranking> ranking) {
        if (ranking.isEmpty()) {
            return new View(idea, runCount(idea.id), Optional.empty(), 0);
        }
        String order = ranking.get().lowerIsBetter() ? "asc" : "desc";
        List<?> best = entityManager
                .createNativeQuery("""
                select r.id, latest.value from run r
                cross join lateral (select ms.last_value as value from metric_series ms
                                    where ms.run_id = r.id and ms.key = ?2
                                    order by ms.last_step desc, ms.last_timestamp_us desc limit 1) latest
                where r.idea_id = ?1 order by latest.value %s limit 1""".formatted(order))
                .setParameter(1, idea.id)
                .setParameter(2, ranking.get().metric())
                .getResultList();
        if (best.isEmpty()) {
            return new View(idea, runCount(idea.id), Optional.empty(), 0);
        }
        Object[] row = (Object[]) best.get(0);
        return new View(idea, runCount(idea.id), Optional.of((UUID) row[0]), ((Number) row[1]).doubleValue());
    }

    private int runCount(UUID ideaId) {
        return ((Number) entityManager
                        .createNativeQuery("select count(*) from run where idea_id = ?1")
                        .setParameter(1, ideaId)
                        .getSingleResult())
                .intValue();
    }
}
