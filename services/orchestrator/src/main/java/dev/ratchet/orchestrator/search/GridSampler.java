package dev.ratchet.orchestrator.search;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Every combination of the parameters' grid values, in an order shuffled by the seed (as Optuna's
 * GridSampler); trial n takes combination n, and {@link #size} tells a study when the grid is
 * exhausted. Categorical parameters take every choice; integers every value, or {@code points}
 * evenly spaced ones when there are more; floats {@code points} evenly spaced values (in log space
 * for log parameters). A conditional parameter is part of the grid and dropped where inactive.
 */
public final class GridSampler implements Sampler {
    private final long seed;
    private final int points;

    public GridSampler(long seed, int points) {
        if (points < 2) {
            throw new IllegalArgumentException("a grid needs at least 2 points per numeric parameter");
        }
        this.seed = seed;
        this.points = points;
    }

    /** The number of combinations. */
    public long size(SearchSpace space) {
        long size = 1;
        for (Param p : space.params()) {
            size = Math.multiplyExact(size, values(p).size());
        }
        return size;
    }

    @Override
    public boolean usesHistory() {
        return false;
    }

    @Override
    public Map<String, Object> suggest(SearchSpace space, List<Trial> completed, int trialNumber) {
        long size = size(space);
        long combination = order(size).get((int) (trialNumber % size));
        return space.sample((param, chosen) -> {
            long stride = 1;
            for (Param p : space.params()) {
                List<Object> values = values(p);
                if (p == param) {
                    return values.get((int) ((combination / stride) % values.size()));
                }
                stride *= values.size();
            }
            throw new IllegalStateException("unknown parameter " + param.name());
        });
    }

    private List<Long> order(long size) {
        if (size > 10_000_000) {
            throw new IllegalArgumentException("the grid has " + size + " combinations; use fewer points or a"
                    + " sampler that does not enumerate");
        }
        List<Long> order = new ArrayList<>((int) size);
        for (long i = 0; i < size; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(seed));
        return order;
    }

    List<Object> values(Param param) {
        List<Object> values = new ArrayList<>();
        if (param instanceof Param.CategoricalParam c) {
            values.addAll(c.choices());
        } else if (param instanceof Param.IntParam i && !i.log() && (i.high() - i.low()) / i.step() + 1 <= points) {
            for (long v = i.low(); v <= i.high(); v += i.step()) {
                values.add(v);
            }
        } else {
            for (int k = 0; k < points; k++) {
                Object v = SearchSpace.fromUnit(param, Math.min((double) k / (points - 1), Math.nextDown(1.0)));
                if (param instanceof Param.FloatParam f && k == points - 1) {
                    v = f.high();
                }
                if (!values.contains(v)) {
                    values.add(v);
                }
            }
        }
        return values;
    }
}
