package dev.ratchet.evaluation.results;

import dev.ratchet.common.grpc.ApiException;
import dev.ratchet.common.outbox.Outbox;
import dev.ratchet.contract.events.StoredMessages;
import dev.ratchet.contract.events.Times;
import dev.ratchet.evaluation.EvaluationConfig;
import dev.ratchet.evaluation.data.TableException;
import dev.ratchet.evaluation.engine.Evaluator;
import dev.ratchet.evaluation.v1.EvaluationReport;
import dev.ratchet.events.v1.ClassificationSummary;
import dev.ratchet.events.v1.EvaluationFinished;
import dev.ratchet.events.v1.EvaluationOptions;
import dev.ratchet.events.v1.EvaluationStatus;
import dev.ratchet.events.v1.PredictionSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Runs evaluations and announces their results. An evaluation id is evaluated once: asking again
 * (a redelivered request) returns the stored result.
 */
@ApplicationScoped
public class Evaluations {
    private static final Logger LOG = Logger.getLogger(Evaluations.class);

    @Inject
    Outbox outbox;

    @Inject
    Event<ReportUploader.ReportReady> reports;

    @Inject
    EvaluationConfig config;

    /**
     * Evaluates what passed {@code PredictionSources.problem}. The computation runs outside any
     * database transaction (it may take minutes on a large test set); the result and its event are
     * stored in one short transaction after it. Evaluating an id again returns the stored result.
     */
    public Evaluation evaluate(UUID evaluationId, UUID runId, PredictionSource source, EvaluationOptions options) {
        Evaluation existing = QuarkusTransaction.requiringNew().call(() -> Evaluation.findById(evaluationId));
        if (existing != null) {
            return existing;
        }
        Evaluation evaluation = new Evaluation();
        evaluation.id = evaluationId;
        evaluation.runId = runId;
        EvaluationFinished.Builder finished = EvaluationFinished.newBuilder()
                .setEvaluationId(evaluationId.toString())
                .setRunId(runId.toString());
        EvaluationReport report = null;
        try {
            Evaluator.Result result = Evaluator.evaluate(
                    source, options, new Evaluator.Limits(config.maxClasses(), config.maxSliceValues()));
            report = result.report();
            evaluation.status = Evaluation.Status.SUCCEEDED;
            evaluation.summary = result.summary().toByteArray();
            evaluation.report = report.toByteArray();
            finished.setStatus(EvaluationStatus.EVALUATION_STATUS_SUCCEEDED).setSummary(result.summary());
            if (report.hasGate()) {
                finished.setVerdict(report.getGate().getVerdict());
            }
        } catch (OutOfMemoryError e) {
            // the large arrays of this one evaluation are gone once it unwinds; the service goes on
            String message = "the test set does not fit in the evaluation service's heap ("
                    + (Runtime.getRuntime().maxMemory() >> 20) + " MiB; 10 million binary rows with three slice columns"
                    + " need about 768): raise RATCHET_EVALUATION_HEAP (the pod's memory in Kubernetes) or evaluate a sample";
            LOG.errorf("Evaluation %s of run %s failed: %s", evaluationId, runId, message);
            evaluation.status = Evaluation.Status.FAILED;
            evaluation.failureMessage = message;
            finished.setStatus(EvaluationStatus.EVALUATION_STATUS_FAILED).setFailureMessage(message);
        } catch (TableException e) {
            LOG.infof("Evaluation %s of run %s failed: %s", evaluationId, runId, e.getMessage());
            evaluation.status = Evaluation.Status.FAILED;
            evaluation.failureMessage = e.getMessage();
            finished.setStatus(EvaluationStatus.EVALUATION_STATUS_FAILED).setFailureMessage(e.getMessage());
        }
        EvaluationReport stored = report;
        return QuarkusTransaction.requiringNew().call(() -> {
            Evaluation concurrent = Evaluation.findById(evaluationId);
            if (concurrent != null) {
                return concurrent; // another delivery of the same request finished first
            }
            evaluation.finishedAt = Times.now();
            evaluation.persist();
            outbox.publish(
                    runId.toString(),
                    finished.setFinishedAt(Times.toProto(evaluation.finishedAt)).build());
            if (stored != null) {
                reports.fire(new ReportUploader.ReportReady(evaluationId));
            }
            return evaluation;
        });
    }

    @Transactional
    public Evaluation get(UUID id) {
        return Evaluation.<Evaluation>findByIdOptional(id)
                .orElseThrow(() -> ApiException.notFound("no evaluation with id " + id));
    }

    public static Optional<ClassificationSummary> summary(Evaluation evaluation) {
        return StoredMessages.read(
                ClassificationSummary.parser(), evaluation.summary, "summary of evaluation " + evaluation.id);
    }

    public static Optional<EvaluationReport> report(Evaluation evaluation) {
        return StoredMessages.read(
                EvaluationReport.parser(), evaluation.report, "report of evaluation " + evaluation.id);
    }
}
