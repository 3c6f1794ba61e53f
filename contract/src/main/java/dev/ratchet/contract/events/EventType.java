package dev.ratchet.contract.events;

import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import dev.ratchet.events.v1.BaselinePromoted;
import dev.ratchet.events.v1.DatasetRegistered;
import dev.ratchet.events.v1.EvaluationFinished;
import dev.ratchet.events.v1.EvaluationRequested;
import dev.ratchet.events.v1.IdeaExpired;
import dev.ratchet.events.v1.MetricsLogged;
import dev.ratchet.events.v1.RunFinished;
import dev.ratchet.events.v1.RunStarted;
import dev.ratchet.events.v1.StudyFinished;
import dev.ratchet.events.v1.StudyStarted;
import dev.ratchet.events.v1.TrialCompleted;
import dev.ratchet.events.v1.TrialFailed;
import dev.ratchet.events.v1.TrialPruned;
import dev.ratchet.events.v1.TrialStarted;
import java.util.Arrays;
import java.util.Optional;

/** Every event Ratchet publishes: its CloudEvents type, the topic it goes to and its protobuf payload. */
public enum EventType {
    RUN_STARTED("dev.ratchet.run.started.v1", Topics.RUNS, RunStarted.class, RunStarted.parser()),
    RUN_FINISHED("dev.ratchet.run.finished.v1", Topics.RUNS, RunFinished.class, RunFinished.parser()),
    BASELINE_PROMOTED(
            "dev.ratchet.baseline.promoted.v1", Topics.RUNS, BaselinePromoted.class, BaselinePromoted.parser()),
    IDEA_EXPIRED("dev.ratchet.idea.expired.v1", Topics.RUNS, IdeaExpired.class, IdeaExpired.parser()),
    DATASET_REGISTERED(
            "dev.ratchet.dataset.registered.v1", Topics.RUNS, DatasetRegistered.class, DatasetRegistered.parser()),
    METRICS_LOGGED("dev.ratchet.metrics.logged.v1", Topics.METRICS, MetricsLogged.class, MetricsLogged.parser()),
    EVALUATION_REQUESTED(
            "dev.ratchet.evaluation.requested.v1",
            Topics.EVALUATIONS,
            EvaluationRequested.class,
            EvaluationRequested.parser()),
    EVALUATION_FINISHED(
            "dev.ratchet.evaluation.finished.v1",
            Topics.EVALUATIONS,
            EvaluationFinished.class,
            EvaluationFinished.parser()),
    STUDY_STARTED("dev.ratchet.study.started.v1", Topics.STUDIES, StudyStarted.class, StudyStarted.parser()),
    TRIAL_STARTED("dev.ratchet.trial.started.v1", Topics.STUDIES, TrialStarted.class, TrialStarted.parser()),
    TRIAL_COMPLETED("dev.ratchet.trial.completed.v1", Topics.STUDIES, TrialCompleted.class, TrialCompleted.parser()),
    TRIAL_PRUNED("dev.ratchet.trial.pruned.v1", Topics.STUDIES, TrialPruned.class, TrialPruned.parser()),
    TRIAL_FAILED("dev.ratchet.trial.failed.v1", Topics.STUDIES, TrialFailed.class, TrialFailed.parser()),
    STUDY_FINISHED("dev.ratchet.study.finished.v1", Topics.STUDIES, StudyFinished.class, StudyFinished.parser());

    private final String ceType;
    private final String topic;
    private final Class<? extends Message> payloadClass;
    private final Parser<? extends Message> parser;

    EventType(String ceType, String topic, Class<? extends Message> payloadClass, Parser<? extends Message> parser) {
        this.ceType = ceType;
        this.topic = topic;
        this.payloadClass = payloadClass;
        this.parser = parser;
    }

    public String ceType() {
        return ceType;
    }

    public String topic() {
        return topic;
    }

    Parser<? extends Message> parser() {
        return parser;
    }

    public static Optional<EventType> ofCeType(String ceType) {
        return Arrays.stream(values()).filter(t -> t.ceType.equals(ceType)).findFirst();
    }

    public static EventType of(Message payload) {
        return Arrays.stream(values())
                .filter(t -> t.payloadClass.isInstance(payload))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no event type for payload "
                        + payload.getDescriptorForType().getFullName()));
    }
}
