package dev.ratchet.evaluation.results;

import dev.ratchet.common.inbox.EventInbox;
import dev.ratchet.contract.events.EventFields;
import dev.ratchet.contract.events.EventType;
import dev.ratchet.contract.events.InvalidEventException;
import dev.ratchet.contract.events.PredictionSources;
import dev.ratchet.events.v1.EvaluationRequested;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Evaluates what {@code EvaluationRequested} events ask for; other events on the topic are not for
 * it. Idempotent by the evaluation's id (a redelivered request returns the stored result), so no
 * processed-event row: the evaluation runs outside any transaction and stores its result in one.
 */
@ApplicationScoped
public class EvaluationRequestsConsumer {
    static final String CONSUMER = "evaluation.requests";

    @Inject
    EventInbox inbox;

    @Inject
    Evaluations evaluations;

    @Incoming("evaluation-requests")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        inbox.receiveByNaturalKey(CONSUMER, record, event -> {
            if (event.type() != EventType.EVALUATION_REQUESTED) {
                return; // EvaluationFinished is for other consumers
            }
            EvaluationRequested request = event.dataAs(EvaluationRequested.class);
            PredictionSources.problem(request.getSource(), request.getOptions()).ifPresent(problem -> {
                throw new InvalidEventException(event.type().ceType() + ": " + problem);
            });
            evaluations.evaluate(
                    EventFields.uuid(event.type(), "evaluation_id", request.getEvaluationId()),
                    EventFields.uuid(event.type(), "run_id", request.getRunId()),
                    request.getSource(),
                    request.getOptions());
        });
    }
}
