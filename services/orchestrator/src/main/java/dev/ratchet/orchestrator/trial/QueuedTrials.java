package dev.ratchet.orchestrator.trial;

import dev.ratchet.orchestrator.execution.TrialOfRun;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Tells the run queue which trial a run carries out, from the trial's stored parameters. */
@ApplicationScoped
public class QueuedTrials implements TrialOfRun {
    @Override
    public Optional<Trial> find(UUID runId) {
        return TrialEntry.<TrialEntry>find("runId", runId).firstResultOptional().map(entry -> {
            Map<String, Object> values = TrialParams.values(entry);
            return new Trial(entry.key.number, values, TrialParams.typed(values));
        });
    }
}
