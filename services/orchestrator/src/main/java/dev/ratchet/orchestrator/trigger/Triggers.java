package dev.ratchet.orchestrator.trigger;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import dev.ratchet.common.grpc.ApiException;
import dev.ratchet.contract.events.StoredMessages;
import dev.ratchet.contract.events.Times;
import dev.ratchet.orchestration.v1.CreateStudyRequest;
import dev.ratchet.orchestration.v1.CreateTriggerRequest;
import dev.ratchet.orchestration.v1.EventTrigger;
import dev.ratchet.orchestration.v1.Trigger;
import dev.ratchet.orchestration.v1.TriggerEvent;
import dev.ratchet.orchestrator.definition.StudyRequests;
import dev.ratchet.orchestrator.study.Studies;
import dev.ratchet.orchestrator.study.Study;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Triggers start studies from a template: on a cron schedule ({@link CronTriggers}) or when an
 * event of their experiment arrives ({@link DatasetEventsConsumer}). The template is checked
 * when the trigger is created and again at every firing; a firing that fails the check starts
 * nothing and is logged, and the trigger stays.
 */
@ApplicationScoped
public class Triggers {
    private static final Logger LOG = Logger.getLogger(Triggers.class);
    private static final CronParser UNIX_CRON =
            new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    @Inject
    StudyRequests studyRequests;

    @Inject
    Studies studies;

    @Inject
    Event<CronChanged> cronChanges;

    /** A cron trigger was created or deleted; its schedule changes once that has committed. */
    public record CronChanged(UUID triggerId, String cron) {}

    @Transactional
    public Trigger create(CreateTriggerRequest request) {
        CreateStudyRequest template = request.getStudy();
        if (!template.hasJob()) {
            throw ApiException.invalidArgument("study.job is missing: a triggered study runs its own trials");
        }
        if (template.getBudget().hasDeadline()) {
            throw ApiException.invalidArgument(
                    "study.budget.deadline would pass after the first firing; give" + " study.budget.time_box instead");
        }
        studyRequests.definition(template.toBuilder().setName(request.getName()).build());
        TriggerEntry trigger = new TriggerEntry();
        trigger.id = UUID.randomUUID();
        trigger.name = request.getName();
        switch (request.getFireCase()) {
            case CRON -> trigger.cron = validCron(request.getCron());
            case ON_EVENT -> {
                EventTrigger on = request.getOnEvent();
                if (on.getEvent() != TriggerEvent.TRIGGER_EVENT_DATASET_REGISTERED) {
                    throw ApiException.invalidArgument("on_event.event must be TRIGGER_EVENT_DATASET_REGISTERED");
                }
                if (on.getExperimentName().isBlank()) {
                    throw ApiException.invalidArgument(
                            "on_event.experiment_name is empty: name the experiment" + " whose events start the study");
                }
                trigger.event = "DATASET_REGISTERED";
                trigger.experimentName = on.getExperimentName();
            }
            case FIRE_NOT_SET -> throw ApiException.invalidArgument("set cron or on_event");
        }
        trigger.studyTemplate = template.toByteArray();
        trigger.createdAt = Times.now();
        trigger.persist();
        if (trigger.cron != null) {
            cronChanges.fire(new CronChanged(trigger.id, trigger.cron));
        }
        return view(trigger);
    }

    @Transactional
    public List<Trigger> list() {
        return TriggerEntry.<TriggerEntry>list("order by createdAt").stream()
                .map(Triggers::view)
                .toList();
    }

    @Transactional
    public void delete(UUID id) {
        TriggerEntry trigger = TriggerEntry.findById(id);
        if (trigger == null) {
            throw ApiException.notFound("no trigger with id " + id);
        }
        trigger.delete();
        if (trigger.cron != null) {
            cronChanges.fire(new CronChanged(id, null));
        }
    }

    /** Starts the trigger's study now; empty when the trigger is gone or its template no longer passes. */
    @Transactional
    public Optional<Study> fire(UUID id, String why) {
        TriggerEntry trigger = TriggerEntry.findById(id, LockModeType.PESSIMISTIC_WRITE);
        return trigger == null ? Optional.empty() : start(trigger, why);
    }

    /**
     * Starts the cron trigger's study for the firing scheduled at {@code slot}, unless a replica
     * already did: every replica schedules every cron trigger, and under the trigger's row lock only
     * the first to come for a slot starts a study. Empty when it did not start one.
     */
    @Transactional
    public Optional<Study> fireCron(UUID id, Instant slot, String why) {
        TriggerEntry trigger = TriggerEntry.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (trigger == null || trigger.lastCronSlot != null && !trigger.lastCronSlot.isBefore(slot)) {
            return Optional.empty();
        }
        trigger.lastCronSlot = slot;
        return start(trigger, why);
    }

    private Optional<Study> start(TriggerEntry trigger, String why) {
        UUID id = trigger.id;
        Instant now = Times.now();
        CreateStudyRequest template = StoredMessages.read(
                        CreateStudyRequest.parser(), trigger.studyTemplate, "template of trigger " + id)
                .orElseThrow();
        Study study;
        try {
            study = studies.create(studyRequests.definition(template.toBuilder()
                    .setName(trigger.name + " " + now.truncatedTo(ChronoUnit.SECONDS))
                    .build()));
        } catch (ApiException e) {
            LOG.errorf(
                    "Trigger %s (%s) fired (%s) but its study template no longer passes: %s",
                    trigger.name, id, why, e.getMessage());
            return Optional.empty();
        }
        trigger.lastFired = now;
        trigger.studiesStarted++;
        trigger.lastStudyId = study.id;
        LOG.infof("Trigger %s started study %s (%s)", trigger.name, study.id, why);
        return Optional.of(study);
    }

    /** Fires every trigger on this event of this experiment. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int onEvent(String event, String experimentName, String why) {
        List<TriggerEntry> matching = TriggerEntry.list("event = ?1 and experimentName = ?2", event, experimentName);
        matching.forEach(t -> fire(t.id, why));
        return matching.size();
    }

    /** The cron triggers, for scheduling at start. */
    @Transactional
    public List<TriggerEntry> cronTriggers() {
        return TriggerEntry.list("cron is not null");
    }

    static String validCron(String cron) {
        try {
            UNIX_CRON.parse(cron).validate();
            return cron;
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidArgument("cron '" + cron + "' is not a Unix cron expression (minute hour"
                    + " day-of-month month day-of-week, e.g. '0 3 * * 1'): " + e.getMessage());
        }
    }

    static Trigger view(TriggerEntry t) {
        Trigger.Builder view = Trigger.newBuilder()
                .setTriggerId(t.id.toString())
                .setName(t.name)
                .setStudy(StoredMessages.read(CreateStudyRequest.parser(), t.studyTemplate, "template")
                        .orElseThrow())
                .setCreateTime(Times.toProto(t.createdAt))
                .setStudiesStarted(t.studiesStarted);
        if (t.cron != null) {
            view.setCron(t.cron);
        } else {
            view.setOnEvent(EventTrigger.newBuilder()
                    .setEvent(TriggerEvent.valueOf("TRIGGER_EVENT_" + t.event))
                    .setExperimentName(t.experimentName));
        }
        if (t.lastFired != null) {
            view.setLastFired(Times.toProto(t.lastFired));
        }
        if (t.lastStudyId != null) {
            view.setLastStudyId(t.lastStudyId.toString());
        }
        return view.build();
    }
}
