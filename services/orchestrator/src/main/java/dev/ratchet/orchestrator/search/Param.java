package dev.ratchet.orchestrator.search;

import java.util.List;
import java.util.Map;

/**
 * One dimension of a search space. A parameter with a {@link Condition} exists only in trials
 * where its parent parameter took one of the given values (a conditional parameter).
 */
public sealed interface Param permits Param.FloatParam, Param.IntParam, Param.CategoricalParam {
    String name();

    Condition condition();

    /** Whether the parameter exists given the values already chosen. */
    default boolean activeIn(Map<String, Object> chosen) {
        return condition() == null || condition().values().contains(String.valueOf(chosen.get(condition().parent())));
    }

    /** A float in [low, high], searched in log space when {@code log}. */
    record FloatParam(String name, double low, double high, boolean log, Condition condition) implements Param {
        public FloatParam {
            if (!(low < high) || (log && low <= 0)) {
                throw new IllegalArgumentException(name + ": needs low < high" + (log ? " and low > 0 for log" : ""));
            }
        }
    }

    /** An integer in [low, high] in steps of {@code step} from low, optionally in log space (step 1). */
    record IntParam(String name, long low, long high, long step, boolean log, Condition condition) implements Param {
        public IntParam {
            if (low > high || step < 1 || (log && (low < 1 || step != 1))) {
                throw new IllegalArgumentException(name + ": needs low <= high, step >= 1"
                        + (log ? ", low >= 1 and step 1 for log" : ""));
            }
        }
    }

    /** One of a list of choices. */
    record CategoricalParam(String name, List<String> choices, Condition condition) implements Param {
        public CategoricalParam {
            if (choices.isEmpty()) {
                throw new IllegalArgumentException(name + ": needs at least one choice");
            }
            choices = List.copyOf(choices);
        }
    }

    /** The parameter exists only when {@code parent} took one of {@code values}. */
    record Condition(String parent, List<String> values) {
    }
}
