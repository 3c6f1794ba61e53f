package dev.ratchet.orchestrator.search;

import java.util.Map;

/**
 * A finished trial as a sampler sees it: the values it was given (Double, Long or String), the
 * objective value it reached, already oriented so that lower is better, and its constraint violation
 * — the sum of its positive constraint values (Optuna's), 0 for a feasible trial.
 */
public record Trial(int number, Map<String, Object> params, double loss, double violation) {
    public Trial {
        params = Map.copyOf(params);
    }

    /** A trial of a study without constraints. */
    public Trial(int number, Map<String, Object> params, double loss) {
        this(number, params, loss, 0);
    }

    /** The violation of these constraint values: the sum of those above 0. */
    public static double violation(double[] constraints) {
        double sum = 0;
        for (double c : constraints) {
            if (c > 0) {
                sum += c;
            }
        }
        return sum;
    }
}
