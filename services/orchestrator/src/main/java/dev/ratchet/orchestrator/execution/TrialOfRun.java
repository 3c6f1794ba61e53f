package dev.ratchet.orchestrator.execution;

import dev.ratchet.events.v1.ParamValue;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Which study trial a queued run carries out, answered by the trial package: the queue launches a
 * trial's run with its typed parameters and number without knowing about studies.
 */
public interface TrialOfRun {
    /** A trial's number and parameters: as values for the job's command, and typed for RunStarted. */
    record Trial(int number, Map<String, Object> params, Map<String, ParamValue> typedParams) {}

    /** The trial the run carries out; empty for a run no study asked for. */
    Optional<Trial> find(UUID runId);
}
