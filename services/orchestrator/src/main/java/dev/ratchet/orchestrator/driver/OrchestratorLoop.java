package dev.ratchet.orchestrator.driver;

import dev.ratchet.orchestrator.execution.RunQueue;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;
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

    private boolean recovered;

    @Scheduled(every = "${ratchet.orchestrator.tick:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        if (!recovered) {
            int lost = runs.recoverLost();
            if (lost > 0) {
                LOG.warnf("Took over %d run(s) left running by a previous orchestrator process: stopped and failed",
                        lost);
            }
            recovered = true;
        }
        for (UUID study : driver.runningStudies()) {
            try {
                driver.drive(study);
            } catch (RuntimeException e) {
                LOG.errorf(e, "Could not drive study %s this tick", study);
            }
        }
        runs.launchQueued();
    }
}
