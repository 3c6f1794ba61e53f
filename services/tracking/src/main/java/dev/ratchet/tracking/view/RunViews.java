package dev.ratchet.tracking.view;

import dev.ratchet.contract.events.StoredMessages;
import dev.ratchet.contract.events.Times;
import dev.ratchet.events.v1.ClassificationSummary;
import dev.ratchet.events.v1.EvaluationStatus;
import dev.ratchet.events.v1.Verdict;
import dev.ratchet.tracking.artifact.Artifact;
import dev.ratchet.tracking.baseline.Baseline;
import dev.ratchet.tracking.context.ReproductionChecks;
import dev.ratchet.tracking.context.RunContexts;
import dev.ratchet.tracking.evaluation.EvaluationResult;
import dev.ratchet.tracking.experiment.Experiment;
import dev.ratchet.tracking.idea.Idea;
import dev.ratchet.tracking.idea.Ideas;
import dev.ratchet.tracking.metric.MetricStore;
import dev.ratchet.tracking.run.Params;
import dev.ratchet.tracking.run.Run;
import dev.ratchet.tracking.v1.ArtifactInfo;
import dev.ratchet.tracking.v1.DatasetInput;
import dev.ratchet.tracking.v1.IdeaStatus;
import dev.ratchet.tracking.v1.MetricDirection;
import dev.ratchet.tracking.v1.MetricSummary;
import dev.ratchet.tracking.v1.RunStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** Builds the messages both faces (gRPC and MLflow) return from what tracking stores. */
@ApplicationScoped
public class RunViews {
    @Inject
    MetricStore metrics;

    @Inject
    RunContexts contexts;

    @Inject
    ReproductionChecks reproductions;

    public static dev.ratchet.tracking.v1.Experiment experiment(Experiment experiment) {
        return dev.ratchet.tracking.v1.Experiment.newBuilder()
                .setExperimentId(experiment.id.toString())
                .setName(experiment.name)
                .setCreateTime(Times.toProto(experiment.createdAt))
                .setArchived(experiment.archived)
                .build();
    }

    public static ArtifactInfo artifact(Artifact artifact) {
        return ArtifactInfo.newBuilder()
                .setPath(artifact.path)
                .setDigest(artifact.digest)
                .setSizeBytes(artifact.sizeBytes)
                .setContentType(artifact.contentType)
                .setImage(artifact.image)
                .setCaption(artifact.caption)
                .setCreateTime(Times.toProto(artifact.createdAt))
                .build();
    }

    public static dev.ratchet.tracking.v1.Baseline baseline(Baseline baseline) {
        return dev.ratchet.tracking.v1.Baseline.newBuilder()
                .setExperimentId(baseline.experimentId.toString())
                .setRunId(baseline.runId.toString())
                .setMetric(baseline.metric)
                .setDirection(MetricDirection.valueOf("METRIC_DIRECTION_" + baseline.direction.name()))
                .setValue(baseline.value)
                .setPromotedAt(Times.toProto(baseline.promotedAt))
                .setReason(baseline.reason)
                .build();
    }

    public static dev.ratchet.tracking.v1.Idea idea(Ideas.View view) {
        Idea idea = view.idea();
        dev.ratchet.tracking.v1.Idea.Builder proto = dev.ratchet.tracking.v1.Idea.newBuilder()
                .setIdeaId(idea.id.toString())
                .setExperimentId(idea.experimentId.toString())
                .setTitle(idea.title)
                .setHypothesis(idea.hypothesis)
                .setOwner(idea.owner)
                .setTimeBoxDays(idea.timeBoxDays)
                .setCreateTime(Times.toProto(idea.createdAt))
                .setDeadline(Times.toProto(idea.deadline))
                .setStatus(IdeaStatus.valueOf("IDEA_STATUS_" + idea.status.name()))
                .setRunCount(view.runCount());
        if (idea.closedAt != null) {
            proto.setCloseTime(Times.toProto(idea.closedAt));
        }
        view.bestRunId().ifPresent(best -> proto.setBestRunId(best.toString()).setBestValue(view.bestValue()));
        return proto.build();
    }

    /** The run with its params, metric summaries and evaluations, read in one transaction. */
    @Transactional
    public dev.ratchet.tracking.v1.Run run(UUID id) {
        return runs(List.of(id)).get(0);
    }

    /**
     * Runs in the order given, read in a fixed number of queries whatever their number (a page of
     * search results): the runs with their experiments, then their params and tags (batch-fetched),
     * datasets, metric summaries and evaluations, each for all of them at once.
     */
    @Transactional
    public List<dev.ratchet.tracking.v1.Run> runs(List<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<UUID, Run> found = Run.<Run>find("from Run r left join fetch r.experiment where r.id in ?1", ids).stream()
                .collect(Collectors.toMap(r -> r.id, r -> r));
        Map<UUID, List<DatasetInput>> datasets = contexts.datasets(ids);
        Map<UUID, List<MetricStore.Summary>> summaries = metrics.summaries(ids);
        Map<UUID, List<EvaluationResult>> evaluations =
                EvaluationResult.forRuns(ids).stream().collect(Collectors.groupingBy(e -> e.runId));
        return ids.stream()
                .map(id -> view(
                        found.get(id),
                        datasets.getOrDefault(id, List.of()),
                        summaries.getOrDefault(id, List.of()),
                        evaluations.getOrDefault(id, List.of())))
                .toList();
    }

    private dev.ratchet.tracking.v1.Run view(
            Run run,
            List<DatasetInput> datasets,
            List<MetricStore.Summary> summaries,
            List<EvaluationResult> evaluations) {
        dev.ratchet.tracking.v1.Run.Builder view = dev.ratchet.tracking.v1.Run.newBuilder()
                .setRunId(run.id.toString())
                .setName(run.name)
                .setStatus(RunStatus.valueOf("RUN_STATUS_" + run.status.name()))
                .putAllParams(Params.texts(run.params))
                .putAllTypedParams(Params.typed(run.params))
                .putAllTags(run.tags)
                .setUser(run.user)
                .setNotes(run.notes)
                .setDeleted(run.deleted);
        if (run.approach != null) {
            view.setApproach(dev.ratchet.tracking.v1.Approach.valueOf("APPROACH_" + run.approach.name()));
        }
        if (run.parentRunId != null) {
            view.setParentRunId(run.parentRunId.toString());
        }
        if (run.ideaId != null) {
            view.setIdeaId(run.ideaId.toString());
        }
        if (run.gitCommit != null) {
            view.setGit(RunContexts.git(run));
        }
        RunContexts.environment(run).ifPresent(view::setEnvironment);
        if (run.seed != null) {
            view.setSeed(run.seed);
        }
        if (run.command != null) {
            view.setCommand(run.command);
        }
        view.addAllDatasets(datasets);
        reproductions.check(run).ifPresent(view::setReproduction);
        if (run.experiment != null) {
            view.setExperimentId(run.experiment.id.toString()).setExperimentName(run.experiment.name);
        }
        if (run.studyId != null) {
            view.setStudyId(run.studyId.toString());
        }
        if (run.startTime != null) {
            view.setStartTime(Times.toProto(run.startTime));
        }
        if (run.endTime != null) {
            view.setEndTime(Times.toProto(run.endTime));
        }
        for (MetricStore.Summary s : summaries) {
            view.addMetrics(MetricSummary.newBuilder()
                    .setKey(s.key())
                    .setContext(s.context())
                    .setLastValue(s.lastValue())
                    .setLastStep(s.lastStep())
                    .setPointCount(s.pointCount()));
        }
        for (EvaluationResult e : evaluations) {
            view.addEvaluations(evaluation(e));
        }
        return view.build();
    }

    private static dev.ratchet.tracking.v1.EvaluationResult evaluation(EvaluationResult e) {
        dev.ratchet.tracking.v1.EvaluationResult.Builder view = dev.ratchet.tracking.v1.EvaluationResult.newBuilder()
                .setEvaluationId(e.id.toString())
                .setStatus(EvaluationStatus.forNumber(e.status))
                .setFailureMessage(e.failureMessage);
        StoredMessages.read(ClassificationSummary.parser(), e.summary, "summary of evaluation " + e.id)
                .ifPresent(view::setSummary);
        StoredMessages.read(Verdict.parser(), e.verdict, "verdict of evaluation " + e.id)
                .ifPresent(view::setVerdict);
        if (e.finishedAt != null) {
            view.setFinishedAt(Times.toProto(e.finishedAt));
        }
        return view.build();
    }
}
