package dev.ratchet.orchestrator.search;

import java.util.Map;

/**
 * A finished trial as a sampler sees it: the values it was given (Double, Long or String) and the
 * objective value it reached, already oriented so that lower is better.
 */
public record Trial(int number, Map<String, Object> params, double loss) {
    public Trial {
        params = Map.copyOf(params);
    }
}
