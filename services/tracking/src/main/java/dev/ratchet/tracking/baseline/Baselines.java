package dev.ratchet.tracking.baseline;

import dev.ratchet.common.events.Times;
import dev.ratchet.common.grpc.ApiException;
import dev.ratchet.common.outbox.Outbox;
import dev.ratchet.events.v1.BaselinePromoted;
import dev.ratchet.tracking.experiment.Experiment;
import dev.ratchet.tracking.experiment.Experiments;
import dev.ratchet.tracking.idea.Ideas;
import dev.ratchet.tracking.metric.MetricStore;
import dev.ratchet.tracking.run.Run;
import dev.ratchet.tracking.run.Runs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.UUID;

/**
 * The ratchet: each experiment has at most one current baseline, and every promotion is kept.
 * Automatic promotion on an evaluation's verdict comes with the evaluation gate.
 */
@ApplicationScoped
public class Baselines {
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

    /** Makes a run the baseline by hand, at its latest value of the metric. */
    @Transactional
    public Baseline set(UUID experimentId, UUID runId, String metric, Baseline.Direction direction, String reason) {
        Experiment experiment = experiments.get(experimentId);
        Run run = runs.get(runId);
        if (run.experiment == null || !run.experiment.id.equals(experimentId)) {
            throw ApiException.invalidArgument("run " + runId + " is not in experiment '" + experiment.name + "'");
        }
        double value = metrics.latest(runId, metric).orElseThrow(() -> ApiException.failedPrecondition(
                "run " + runId + " has no value of metric '" + metric + "'; log it before making the run the baseline"));
        String previous = Baseline.current(experimentId).map(b -> b.runId.toString()).orElse("");
        Baseline baseline = new Baseline();
        baseline.experimentId = experimentId;
        baseline.runId = runId;
        baseline.metric = metric;
        baseline.direction = direction;
        baseline.value = value;
        baseline.promotedAt = Times.now();
        baseline.reason = "set by hand: " + reason;
        baseline.persist();
        if (run.ideaId != null) {
            ideas.promoted(run.ideaId);
        }
        outbox.publish(runId.toString(), BaselinePromoted.newBuilder()
                .setExperimentId(experimentId.toString())
                .setRunId(runId.toString())
                .setPreviousRunId(previous)
                .setMetric(metric)
                .setValue(value)
                .setReason(baseline.reason)
                .build());
        return baseline;
    }

    @Transactional
    public Baseline current(UUID experimentId) {
        Experiment experiment = experiments.get(experimentId);
        return Baseline.current(experimentId).orElseThrow(() -> ApiException.notFound(
                "experiment '" + experiment.name + "' has no baseline yet; set one with SetBaseline"));
    }

    @Transactional
    public List<Baseline> history(UUID experimentId) {
        experiments.get(experimentId);
        return Baseline.history(experimentId);
    }
}
