package dev.ratchet.orchestrator.search;

import java.util.List;
import java.util.Map;

/**
 * Proposes the next trial's parameters from the completed ones. Deterministic: the same seed,
 * trial number and history give the same suggestion, so a study resumed after a restart asks
 * the same questions.
 */
public interface Sampler {
    Map<String, Object> suggest(SearchSpace space, List<Trial> completed, int trialNumber);

    /** Whether suggestions depend on the finished trials; when not, a study need not read them. */
    default boolean usesHistory() {
        return true;
    }

    /** Whether other studies' trials, prepended to the history with negative numbers, make sense to it. */
    default boolean learnsFromOtherStudies() {
        return usesHistory();
    }
}
