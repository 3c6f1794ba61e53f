package dev.ratchet.orchestrator.driver;

import dev.ratchet.orchestrator.execution.RunQueue;
import dev.ratchet.orchestrator.trial.MetricsWatermark;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The orchestrator's heartbeat: on the first tick it takes over what a previous process left
 * running, then every tick drives each running study and starts queued runs in free slots.
 */
@ApplicationScoped
public class OrchestratorLoop {
    private static final Logger LOG = Logger.getLogger(OrchestratorLoop.class);

    @Inject
    StudyDriver driver;

    @Inject
    RunQueue runs;

    @Inject
    MetricsWatermark watermark;

    private boolean recovered;

    @Scheduled(every = "${ratchet.orchestrator.tick:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        if (!recovered) {
            int lost = runs.recoverLost();
            if (lost > 0) {
                LOG.warnf(
                        "Took over %d run(s) left running by a previous orchestrator process: stopped and failed",
                        lost);
            }
            recovered = true;
        }
        // Asked at most once per tick, and only when a study has an exited trial to value.
        Supplier<Boolean> caughtUp = memoize(watermark::caughtUp);
        for (UUID study : driver.runningStudies()) {
            try {
                driver.drive(study, caughtUp::get);
            } catch (RuntimeException e) {
                LOG.errorf(e, "Could not drive study %s this tick", study);
            }
        }
        runs.launchQueued();
    }

    private static Supplier<Boolean> memoize(Supplier<Boolean> supplier) {
        Boolean[] value = new Boolean[1];
        return () -> value[0] == null ? (value[0] = supplier.get()) : value[0];
    }
}
