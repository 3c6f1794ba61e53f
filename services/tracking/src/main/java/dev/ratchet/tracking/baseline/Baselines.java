package dev.ratchet.tracking.baseline;

import dev.ratchet.common.grpc.ApiException;
import dev.ratchet.common.outbox.Outbox;
import dev.ratchet.contract.events.Times;
import dev.ratchet.events.v1.BaselinePromoted;
import dev.ratchet.events.v1.Verdict;
import dev.ratchet.tracking.experiment.Experiment;
import dev.ratchet.tracking.experiment.Experiments;
import dev.ratchet.tracking.idea.Ideas;
import dev.ratchet.tracking.metric.MetricStore;
import dev.ratchet.tracking.run.Run;
import dev.ratchet.tracking.run.Runs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The ratchet: each experiment has at most one current baseline, and every promotion is kept. A
 * baseline is set by hand or by the evaluation gate's PROMOTE verdict.
 */
@ApplicationScoped
public class Baselines {
    private static final Logger LOG = Logger.getLogger(Baselines.class);

    @Inject
    Experiments experiments;

    @Inject
    Runs runs;

    @Inject
    MetricStore metrics;

    @Inject
    Outbox outbox;

    @Inject
    Ideas ideas;

    @Inject
    Event<BaselineMoved> moved;

    /** Makes a run the baseline by hand, at its latest value of the metric. */
    @Transactional
    public Baseline set(UUID experimentId, UUID runId, String metric, Baseline.Direction direction, String reason) {
        Experiment experiment = experiments.get(experimentId);
        Run run = runs.get(runId);
        if (run.experiment == null || !run.experiment.id.equals(experimentId)) {
            throw ApiException.invalidArgument("run " + runId + " is not in experiment '" + experiment.name + "'");
        }
        double value = metrics.latest(runId, metric)
                .orElseThrow(() -> ApiException.failedPrecondition("run " + runId + " has no value of metric '" + metric
                        + "'; log it before making the run the baseline"));
        return promote(experimentId, run, metric, direction, value, "set by hand: " + reason);
    }

    /**
     * Acts on an evaluation gate's PROMOTE verdict: the run becomes its experiment's baseline if the
     * verdict compared it with the current baseline (or the experiment has none yet). A verdict
     * against a baseline that has since been replaced is stale and changes nothing.
     *
     * @return the new baseline, or empty when the verdict did not apply
     */
    @Transactional
    public Optional<Baseline> promoteOnVerdict(UUID runId, UUID evaluationId, Verdict verdict) {
        Run run = runs.get(runId);
        if (run.experiment == null) {
            LOG.infof(
                    "Evaluation %s promotes run %s, which is in no experiment yet; no baseline set",
                    evaluationId, runId);
            return Optional.empty();
        }
        UUID experimentId = run.experiment.id;
        Optional<Baseline> current = Baseline.current(experimentId);
        if (current.isPresent() && !current.get().runId.toString().equals(verdict.getBaselineRunId())) {
            LOG.infof(
                    "Evaluation %s compared run %s with baseline '%s', but the baseline is now %s; not promoted",
                    evaluationId, runId, verdict.getBaselineRunId(), current.get().runId);
            return Optional.empty();
        }
        if (current.isPresent() && current.get().runId.equals(runId)) {
            return current; // a redelivered verdict
        }
        return Optional.of(promote(
                experimentId,
                run,
                verdict.getMetric(),
                verdict.getHigherIsBetter() ? Baseline.Direction.MAXIMIZE : Baseline.Direction.MINIMIZE,
                verdict.getCandidateValue(),
                "evaluation " + evaluationId + ": " + String.join("; ", verdict.getReasonsList())));
    }

    private Baseline promote(
            UUID experimentId, Run run, String metric, Baseline.Direction direction, double value, String reason) {
        Optional<UUID> previousRun = Baseline.current(experimentId).map(b -> b.runId);
        String previous = previousRun.map(UUID::toString).orElse("");
        Baseline baseline = new Baseline();
        baseline.experimentId = experimentId;
        baseline.runId = run.id;
        baseline.metric = metric;
        baseline.direction = direction;
        baseline.value = value;
        baseline.promotedAt = Times.now();
        baseline.reason = reason;
        baseline.persist();
        if (run.ideaId != null) {
            ideas.promoted(run.ideaId);
        }
        outbox.publish(
                run.id.toString(),
                BaselinePromoted.newBuilder()
                        .setExperimentId(experimentId.toString())
                        .setRunId(run.id.toString())
                        .setPreviousRunId(previous)
                        .setMetric(metric)
                        .setValue(value)
                        .setReason(reason)
                        .build());
        moved.fire(new BaselineMoved(experimentId, previousRun, run.id));
        return baseline;
    }

    /** Whether the run is its experiment's current baseline. */
    @Transactional
    public boolean isCurrent(UUID runId) {
        return Run.<Run>findByIdOptional(runId)
                .filter(run -> run.experiment != null)
                .flatMap(run -> Baseline.current(run.experiment.id))
                .map(b -> b.runId.equals(runId))
                .orElse(false);
    }

    /** Ideas rank their runs as the baseline is judged: by its metric, in its direction (none without a baseline). */
    @Transactional
    public Optional<Ideas.Ranking> ideaRanking(UUID experimentId) {
        return Baseline.current(experimentId)
                .map(b -> new Ideas.Ranking(b.metric, b.direction == Baseline.Direction.MINIMIZE));
    }

    @Transactional
    public Baseline current(UUID experimentId) {
        Experiment experiment = experiments.get(experimentId);
        return Baseline.current(experimentId)
                .orElseThrow(() -> ApiException.notFound(
                        "experiment '" + experiment.name + "' has no baseline yet; set one with SetBaseline"));
    }

    @Transactional
    public List<Baseline> history(UUID experimentId) {
        experiments.get(experimentId);
        return Baseline.history(experimentId);
    }
}
