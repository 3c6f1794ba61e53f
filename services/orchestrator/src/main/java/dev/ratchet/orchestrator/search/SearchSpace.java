package dev.ratchet.orchestrator.search;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The parameters of a study in declaration order; a conditional parameter comes after its parent.
 */
public record SearchSpace(List<Param> params) {
    public SearchSpace {
        params = List.copyOf(params);
        Map<String, Param> seen = new LinkedHashMap<>();
        for (Param p : params) {
            if (seen.containsKey(p.name())) {
                throw new IllegalArgumentException("parameter '" + p.name() + "' is declared twice");
            }
            if (p.condition() != null) {
                Param parent = seen.get(p.condition().parent());
                if (parent == null) {
                    throw new IllegalArgumentException("parameter '" + p.name() + "' depends on '"
                            + p.condition().parent() + "', which must be declared before it");
                }
                p.condition().checkAgainst(p.name(), parent);
            }
            seen.put(p.name(), p);
        }
        if (params.isEmpty()) {
            throw new IllegalArgumentException("the search space is empty: declare at least one parameter");
        }
    }

    /**
     * A configuration given from outside (an enqueued trial) as this space's values: every active
     * parameter set to a value it takes (floats as numbers in range, integers on their grid,
     * categories among the choices), and nothing else; otherwise what is wrong, to fix.
     */
    public Map<String, Object> check(Map<String, Object> given) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Param p : params) {
            Object value = given.get(p.name());
            if (!p.activeIn(values)) {
                if (value != null) {
                    throw new IllegalArgumentException("'" + p.name() + "' does not exist when '"
                            + p.condition().parent() + "' is "
                            + values.get(p.condition().parent()) + "; leave it out");
                }
                continue;
            }
            if (value == null) {
                throw new IllegalArgumentException("'" + p.name() + "' is missing; give every parameter the trial has");
            }
            values.put(p.name(), p.accept(value));
        }
        for (String name : given.keySet()) {
            if (params.stream().noneMatch(p -> p.name().equals(name))) {
                throw new IllegalArgumentException("'" + name + "' is not a parameter of the search space");
            }
        }
        return values;
    }

    /** Fills every active parameter, in order, with {@code choose}. */
    public Map<String, Object> sample(Chooser choose) {
        Map<String, Object> chosen = new LinkedHashMap<>();
        for (Param p : params) {
            if (p.activeIn(chosen)) {
                chosen.put(p.name(), choose.choose(p, chosen));
            }
        }
        return chosen;
    }

    /** Every active parameter drawn uniformly: random search, and the other samplers' start-up trials. */
    public Map<String, Object> sampleUniformly(SplittableRandom random) {
        return sample((param, chosen) -> uniform(param, random));
    }

    /** A value for one parameter, given those chosen before it. */
    public interface Chooser {
        Object choose(Param param, Map<String, Object> chosenSoFar);
    }

    /** A uniformly random value (log-uniform for log parameters). */
    public static Object uniform(Param param, SplittableRandom random) {
        return fromUnit(param, random.nextDouble());
    }

    /** A numeric value's position in [0, 1] of its parameter's range: the inverse of {@link #fromUnit}, at the value's centre. */
    public static double toUnit(Param param, Object value) {
        double v = ((Number) value).doubleValue();
        if (param instanceof Param.FloatParam f) {
            return f.log()
                    ? (Math.log(v) - Math.log(f.low())) / (Math.log(f.high()) - Math.log(f.low()))
                    : (v - f.low()) / (f.high() - f.low());
        }
        Param.IntParam i = (Param.IntParam) param;
        if (i.log()) {
            return (Math.log(v) - Math.log(i.low() - 0.5)) / (Math.log(i.high() + 0.5) - Math.log(i.low() - 0.5));
        }
        long steps = (i.high() - i.low()) / i.step();
        return ((v - i.low()) / i.step() + 0.5) / (steps + 1);
    }

    /** The value at position u in [0, 1) of the parameter's range (log scale for log parameters). */
    public static Object fromUnit(Param param, double u) {
        if (param instanceof Param.FloatParam f) {
            return f.log()
                    ? Math.exp(Math.log(f.low()) + u * (Math.log(f.high()) - Math.log(f.low())))
                    : f.low() + u * (f.high() - f.low());
        }
        if (param instanceof Param.IntParam i) {
            if (i.log()) {
                double x = Math.exp(Math.log(i.low() - 0.5) + u * (Math.log(i.high() + 0.5) - Math.log(i.low() - 0.5)));
                return Math.max(i.low(), Math.min(i.high(), Math.round(x)));
            }
            long steps = (i.high() - i.low()) / i.step();
            return i.low() + Math.min(steps, (long) Math.floor(u * (steps + 1))) * i.step();
        }
        Param.CategoricalParam c = (Param.CategoricalParam) param;
        return c.choices().get(Math.min(c.choices().size() - 1, (int)
                Math.floor(u * c.choices().size())));
    }
}
