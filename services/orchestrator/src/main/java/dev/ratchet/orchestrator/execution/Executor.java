package dev.ratchet.orchestrator.execution;

import dev.ratchet.orchestration.v1.JobTemplate;
import java.io.IOException;
import java.time.Instant;
import java.util.UUID;
import java.util.function.BiConsumer;

/** Where a run's job executes: starts it, stops it, and reports its exit once. */
public interface Executor {
    /** A started job; a local process has a pid and start time, so a restarted service can find it. */
    record Started(Long pid, Instant startInstant) {}

    /** How a job ended: its exit status and the end of its log. */
    record Exit(int status, String logTail) {}

    /** Starts the job; {@code onExit} hears of its end, on another thread. */
    Started start(UUID runId, JobTemplate job, JobTemplates.Launch launch, BiConsumer<UUID, Exit> onExit)
            throws IOException;

    /** Stops the job if this executor runs it; its exit is reported as usual. */
    boolean stop(UUID runId);

    /** How many jobs it runs now. */
    int runningCount();
}
