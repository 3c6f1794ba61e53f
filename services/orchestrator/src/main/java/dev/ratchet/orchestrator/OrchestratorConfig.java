package dev.ratchet.orchestrator;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The orchestrator's own settings, {@code ratchet.orchestrator.*}; application.properties maps the
 * README's environment variables onto them.
 */
@ConfigMapping(prefix = "ratchet.orchestrator")
public interface OrchestratorConfig {
    /** Where jobs' logs are written before they are stored in tracking. */
    Path logDir();

    /** Where local jobs find tracking's gRPC port (host:port). */
    String trackingTarget();

    /** How long a stopped job's process tree has between SIGTERM and SIGKILL. */
    @WithDefault("5s")
    Duration stopGrace();

    /** How long after a trial's run ended its last metrics may still arrive before it is valued. */
    @WithDefault("3s")
    Duration objectiveSettle();

    /**
     * How long after a trial's run ended the orchestrator waits for the objective's points tracking
     * holds to reach it through Kafka; after it, the trial fails saying which steps are missing.
     */
    @WithDefault("10m")
    Duration objectiveWait();

    /** Jobs run as processes on this host. */
    Local local();

    /** Jobs run as Kubernetes Jobs. */
    Kubernetes kubernetes();

    interface Local {
        /** Jobs running at once on this host. */
        @WithDefault("2")
        int maxProcesses();
    }

    interface Kubernetes {
        /** Whether Kubernetes is offered as an executor. */
        @WithDefault("false")
        boolean enabled();

        /** The Jobs' namespace; by default the client's (in-cluster: the pod's). */
        Optional<String> namespace();

        /** Jobs running at once in the cluster. */
        @WithDefault("20")
        int maxJobs();

        /** Where the Jobs' pods find tracking's gRPC port. */
        @WithDefault("ratchet-tracking:9101")
        String trackingTarget();

        /** How long finished Jobs stay before Kubernetes deletes them. */
        @WithDefault("1h")
        Duration ttlAfterFinished();
    }
}
