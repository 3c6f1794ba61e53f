package dev.ratchet.orchestrator.trigger;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Cron triggers as jobs of Quarkus' scheduler (Unix cron, UTC): all of them at start, each new one
 * once its creation has committed, none after deletion. Every replica schedules them all; a firing
 * starts a study on one replica only ({@link Triggers#fireCron}: the scheduled time, to the second,
 * names the slot — the same on every replica, whatever its clock's skew).
 */
@ApplicationScoped
public class CronTriggers {
    @Inject
    Scheduler scheduler;

    @Inject
    Triggers triggers;

    void onStart(@Observes StartupEvent start) {
        triggers.cronTriggers().forEach(t -> schedule(t.id, t.cron));
    }

    void onChange(@Observes(during = TransactionPhase.AFTER_SUCCESS) Triggers.CronChanged change) {
        schedule(change.triggerId(), change.cron());
    }

    static String jobName(UUID triggerId) {
        return "trigger-" + triggerId;
    }

    /** (Re)schedules a trigger; a null cron unschedules it. */
    private void schedule(UUID id, String cron) {
        scheduler.unscheduleJob(jobName(id));
        if (cron != null) {
            scheduler
                    .newJob(jobName(id))
                    .setCron(cron)
                    .setTask(execution -> triggers.fireCron(
                            id, execution.getScheduledFireTime().truncatedTo(ChronoUnit.SECONDS), "cron " + cron))
                    .schedule();
        }
    }
}
