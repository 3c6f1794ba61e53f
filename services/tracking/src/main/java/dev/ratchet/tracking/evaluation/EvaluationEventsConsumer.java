package dev.ratchet.tracking.evaluation;

import dev.ratchet.common.inbox.EventInbox;
import dev.ratchet.contract.events.CloudEvent;
import dev.ratchet.contract.events.EventFields;
import dev.ratchet.contract.events.EventType;
import dev.ratchet.contract.events.InvalidEventException;
import dev.ratchet.contract.events.Times;
import dev.ratchet.contract.events.Topics;
import dev.ratchet.events.v1.Decision;
import dev.ratchet.events.v1.EvaluationFinished;
import dev.ratchet.events.v1.EvaluationRequested;
import dev.ratchet.events.v1.EvaluationStatus;
import dev.ratchet.tracking.baseline.Baselines;
import dev.ratchet.tracking.run.Runs;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Attaches evaluations to runs from the {@code ratchet.evaluations} topic. */
@ApplicationScoped
public class EvaluationEventsConsumer {
    static final String CONSUMER = "tracking.evaluations";

    @Inject
    EventInbox inbox;

    @Inject
    Runs runs;

    @Inject
    Baselines baselines;

    @Incoming("evaluations")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        inbox.receive(CONSUMER, record, event -> {
            switch (event.type()) {
                case EVALUATION_REQUESTED -> requested(event);
                case EVALUATION_FINISHED -> finished(event);
                default ->
                    throw new InvalidEventException(
                            event.type().ceType() + " does not belong on " + Topics.EVALUATIONS);
            }
        });
    }

    private void requested(CloudEvent event) {
        EvaluationRequested requested = event.dataAs(EvaluationRequested.class);
        row(event.type(), requested.getEvaluationId(), requested.getRunId(), event.time());
    }

    private void finished(CloudEvent event) {
        EvaluationFinished finished = event.dataAs(EvaluationFinished.class);
        if (finished.getStatus() != EvaluationStatus.EVALUATION_STATUS_SUCCEEDED
                && finished.getStatus() != EvaluationStatus.EVALUATION_STATUS_FAILED) {
            throw new InvalidEventException(
                    event.type().ceType() + ": status " + finished.getStatus() + " is not an end state");
        }
        EvaluationResult result = row(event.type(), finished.getEvaluationId(), finished.getRunId(), event.time());
        result.status = (short) finished.getStatusValue();
        result.summary = finished.hasSummary() ? finished.getSummary().toByteArray() : null;
        result.failureMessage = finished.getFailureMessage();
        result.finishedAt = finished.hasFinishedAt() ? Times.toInstant(finished.getFinishedAt()) : event.time();
        if (finished.hasVerdict()) {
            result.verdict = finished.getVerdict().toByteArray();
            if (finished.getVerdict().getDecision() == Decision.DECISION_PROMOTE) {
                baselines.promoteOnVerdict(result.runId, result.id, finished.getVerdict());
            }
        }
    }

    /** The evaluation's row, created (pending) on the first event that names it. */
    private EvaluationResult row(EventType type, String evaluationId, String runId, Instant eventTime) {
        UUID id = EventFields.uuid(type, "evaluation_id", evaluationId);
        UUID run = EventFields.uuid(type, "run_id", runId);
        EvaluationResult result = EvaluationResult.findById(id);
        if (result == null) {
            runs.getOrQueue(run);
            result = new EvaluationResult();
            result.id = id;
            result.runId = run;
            result.requestedAt = eventTime;
            result.persist();
        } else if (!result.runId.equals(run)) {
            throw new InvalidEventException(
                    type.ceType() + ": evaluation " + id + " belongs to run " + result.runId + ", not " + run);
        }
        return result;
    }
}
