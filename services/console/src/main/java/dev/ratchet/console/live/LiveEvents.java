package dev.ratchet.console.live;

import dev.ratchet.console.web.Formats;
import dev.ratchet.contract.events.CloudEvent;
import dev.ratchet.contract.events.EventCodec;
import dev.ratchet.contract.events.InvalidEventException;
import dev.ratchet.events.v1.EvaluationFinished;
import dev.ratchet.events.v1.MetricsLogged;
import dev.ratchet.events.v1.RunFinished;
import dev.ratchet.events.v1.StudyFinished;
import dev.ratchet.events.v1.TrialCompleted;
import dev.ratchet.events.v1.TrialFailed;
import dev.ratchet.events.v1.TrialPruned;
import dev.ratchet.events.v1.TrialStarted;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The suite's events as they happen, for the pages that show them live. Each console instance
 * reads every topic from the newest offset on, in a consumer group of its own; a record it cannot
 * decode is skipped (its owning services dead-letter it), so nothing here can stop.
 */
@ApplicationScoped
public class LiveEvents {
    /** An event as a page needs it: which run or study it is about, its kind, its data. */
    public record LiveEvent(String subject, String kind, Object data) {}

    public record Point(String key, String context, long step, Double value, double time) {}

    public record Points(List<Point> points) {}

    public record Trial(int number, String state, String runId) {}

    private final BroadcastProcessor<LiveEvent> events = BroadcastProcessor.create();
    private final Counter received;
    private final Counter skipped;

    @Inject
    public LiveEvents(MeterRegistry registry) {
        received = Counter.builder("ratchet_console_live_events")
                .description("Events read for live pages")
                .register(registry);
        skipped = Counter.builder("ratchet_console_live_events_skipped")
                .description("Records the console could not decode and skipped")
                .register(registry);
    }

    @Incoming("live")
    public void on(ConsumerRecord<String, byte[]> record) {
        CloudEvent event;
        try {
            event = EventCodec.decode(record);
        } catch (InvalidEventException e) {
            skipped.increment();
            return;
        }
        received.increment();
        live(event).ifPresent(events::onNext);
    }

    /** The events about one run or study, from now on. */
    public Multi<LiveEvent> about(String subject) {
        return events.filter(e -> e.subject().equals(subject)).onOverflow().drop();
    }

    static Optional<LiveEvent> live(CloudEvent event) {
        Object data = event.data();
        if (data instanceof MetricsLogged logged) {
            return Optional.of(new LiveEvent(
                    logged.getRunId(),
                    "metrics",
                    new Points(logged.getPointsList().stream()
                            .map(p -> new Point(
                                    p.getKey(),
                                    Formats.word(p.getContext()),
                                    p.getStep(),
                                    Double.isFinite(p.getValue()) ? p.getValue() : null,
                                    p.getTimestamp().getSeconds()
                                            + p.getTimestamp().getNanos() / 1e9))
                            .toList())));
        }
        if (data instanceof RunFinished finished) {
            return Optional.of(new LiveEvent(finished.getRunId(), "finished", Formats.word(finished.getOutcome())));
        }
        if (data instanceof EvaluationFinished finished) {
            return Optional.of(new LiveEvent(finished.getRunId(), "evaluation", finished.getEvaluationId()));
        }
        if (data instanceof TrialStarted t) {
            return Optional.of(trial(t.getStudyId(), t.getNumber(), "running", t.getRunId()));
        }
        if (data instanceof TrialCompleted t) {
            return Optional.of(trial(t.getStudyId(), t.getNumber(), "complete", t.getRunId()));
        }
        if (data instanceof TrialPruned t) {
            return Optional.of(trial(t.getStudyId(), t.getNumber(), "pruned", t.getRunId()));
        }
        if (data instanceof TrialFailed t) {
            return Optional.of(trial(t.getStudyId(), t.getNumber(), "failed", t.getRunId()));
        }
        if (data instanceof StudyFinished finished) {
            return Optional.of(new LiveEvent(finished.getStudyId(), "finished", finished.getReason()));
        }
        return Optional.empty();
    }

    private static LiveEvent trial(String studyId, int number, String state, String runId) {
        return new LiveEvent(studyId, "trial", new Trial(number, state, runId));
    }
}
