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

    /** A value given from outside as this parameter's own (Double, Long or String); refused when it cannot take it. */
    Object accept(Object value);

    /** Whether the parameter exists given the values already chosen. */
    default boolean activeIn(Map<String, Object> chosen) {
        return condition() == null
                || condition()
                        .values()
                        .contains(String.valueOf(chosen.get(condition().parent())));
    }

    /** A float in [low, high], searched in log space when {@code log}. */
    record FloatParam(String name, double low, double high, boolean log, Condition condition) implements Param {
        public FloatParam {
            if (!Double.isFinite(low) || !Double.isFinite(high) || !Double.isFinite(high - low)) {
                throw new IllegalArgumentException(name + ": low and high must be finite numbers whose difference is"
                        + " finite too; they are " + low + " and " + high);
            }
            if (!(low < high) || (log && low <= 0)) {
                throw new IllegalArgumentException(name + ": needs low < high" + (log ? " and low > 0 for log" : ""));
            }
        }

        @Override
        public Object accept(Object value) {
            if (!(value instanceof Number number) || !(number.doubleValue() >= low && number.doubleValue() <= high)) {
                throw new IllegalArgumentException(
                        "'" + name + "' is " + value + "; it takes a number from " + low + " to " + high);
            }
            return number.doubleValue();
        }
    }

    /** An integer in [low, high] in steps of {@code step} from low, optionally in log space (step 1). */
    record IntParam(String name, long low, long high, long step, boolean log, Condition condition) implements Param {
        public IntParam {
            if (low > high || step < 1 || (log && (low < 1 || step != 1))) {
                throw new IllegalArgumentException(
                        name + ": needs low <= high, step >= 1" + (log ? ", low >= 1 and step 1 for log" : ""));
            }
        }

        @Override
        public Object accept(Object value) {
            if (!(value instanceof Long integer) || !takes(String.valueOf(integer))) {
                throw new IllegalArgumentException("'" + name + "' is " + value + "; it takes an integer from " + low
                        + " to " + high + " in steps of " + step + " (int_value)");
            }
            return integer;
        }

        /** Whether {@code text} is an integer this parameter can take. */
        boolean takes(String text) {
            try {
                long value = Long.parseLong(text);
                return value >= low && value <= high && (value - low) % step == 0;
            } catch (NumberFormatException e) {
                return false;
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

        @Override
        public Object accept(Object value) {
            if (!choices.contains(String.valueOf(value))) {
                throw new IllegalArgumentException("'" + name + "' is " + value + "; it takes one of " + choices);
            }
            return String.valueOf(value);
        }
    }

    /** The parameter exists only when {@code parent} took one of {@code values}. */
    record Condition(String parent, List<String> values) {
        /**
         * Refuses values the parent can never take, which would leave the parameter never sampled:
         * a categorical parent's values must be among its choices, an integer parent's on its grid;
         * a float parent takes any one value with probability zero, so it cannot be a parent.
         */
        void checkAgainst(String child, Param parent) {
            if (parent instanceof FloatParam) {
                throw new IllegalArgumentException(
                        child + ": its parent '" + parent.name() + "' is a float, which takes"
                                + " any one value with probability zero; make the parent categorical or an integer");
            }
            for (String value : values) {
                if (parent instanceof CategoricalParam categorical
                        && !categorical.choices().contains(value)) {
                    throw new IllegalArgumentException(child + ": parent value '" + value + "' is not one of '"
                            + parent.name() + "''s choices " + categorical.choices());
                }
                if (parent instanceof IntParam integer && !integer.takes(value)) {
                    throw new IllegalArgumentException(child + ": parent value '" + value + "' is not a value '"
                            + parent.name() + "' takes (integers " + integer.low() + " to " + integer.high()
                            + " in steps of " + integer.step() + ")");
                }
            }
        }
    }
}
