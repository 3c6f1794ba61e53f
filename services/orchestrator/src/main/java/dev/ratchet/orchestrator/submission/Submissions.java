package dev.ratchet.orchestrator.submission;

import dev.ratchet.common.grpc.ApiException;
import dev.ratchet.common.outbox.Outbox;
import dev.ratchet.contract.events.Times;
import dev.ratchet.events.v1.EvaluationOptions;
import dev.ratchet.events.v1.EvaluationRequested;
import dev.ratchet.events.v1.PredictionSource;
import dev.ratchet.events.v1.RunStarted;
import dev.ratchet.orchestration.v1.JobTemplate;
import dev.ratchet.orchestrator.execution.RunQueue;
import dev.ratchet.orchestrator.execution.SubmittedRun;
import dev.ratchet.orchestrator.study.Studies;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.Map;
import java.util.UUID;

/**
 * Starting runs and asking for their evaluation. Each is a row and an event in one transaction;
 * the other services learn of it only through the event. Runs with a job wait in the {@link RunQueue}
 * for the executor.
 */
@ApplicationScoped
public class Submissions {
    @Inject
    Studies studies;

    @Inject
    Outbox outbox;

    @Inject
    RunQueue runQueue;

    /** Announces a run started elsewhere, or, with a job, queues it to run here (announced when it starts). */
    @Transactional
    public SubmittedRun submit(
            String experimentName, String runName, Map<String, String> params, UUID studyId, JobTemplate job) {
        if (studyId != null) {
            studies.get(studyId);
        }
        SubmittedRun run = new SubmittedRun();
        run.id = UUID.randomUUID();
        run.experimentName = experimentName;
        run.runName = runName;
        run.studyId = studyId;
        run.submittedAt = Times.now();
        run.params.putAll(params);
        if (job != null) {
            return runQueue.enqueue(run, job);
        }
        run.persist();
        outbox.publish(
                run.id.toString(),
                RunStarted.newBuilder()
                        .setRunId(run.id.toString())
                        .setExperimentName(experimentName)
                        .setRunName(runName)
                        .setStudyId(studyId == null ? "" : studyId.toString())
                        .putAllParams(params)
                        .setStartTime(Times.toProto(run.submittedAt))
                        .build());
        return run;
    }

    @Transactional
    public EvaluationRequest requestEvaluation(UUID runId, PredictionSource source, EvaluationOptions options) {
        if (SubmittedRun.findById(runId) == null) {
            throw ApiException.notFound("no run " + runId + " was submitted through this orchestrator");
        }
        EvaluationRequest request = new EvaluationRequest();
        request.id = UUID.randomUUID();
        request.runId = runId;
        request.requestedAt = Times.now();
        request.persist();
        outbox.publish(
                runId.toString(),
                EvaluationRequested.newBuilder()
                        .setEvaluationId(request.id.toString())
                        .setRunId(runId.toString())
                        .setSource(source)
                        .setOptions(options)
                        .build());
        return request;
    }
}
