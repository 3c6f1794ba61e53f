package dev.ratchet.orchestrator.trial;

import dev.ratchet.common.grpc.ApiException;
import dev.ratchet.events.v1.ParamValue;
import dev.ratchet.orchestration.v1.ParamSpec;
import dev.ratchet.orchestration.v1.SamplerSpec;
import dev.ratchet.orchestrator.search.CmaEsSampler;
import dev.ratchet.orchestrator.search.EvolutionarySampler;
import dev.ratchet.orchestrator.search.GridSampler;
import dev.ratchet.orchestrator.search.Param;
import dev.ratchet.orchestrator.search.RandomSampler;
import dev.ratchet.orchestrator.search.Sampler;
import dev.ratchet.orchestrator.search.SearchSpace;
import dev.ratchet.orchestrator.search.SobolSampler;
import dev.ratchet.orchestrator.search.TpeSampler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Between the API's search spaces, samplers and values and the search package's; errors name what to fix. */
public final class SearchSpaces {
    static final int DEFAULT_GRID_POINTS = 5;

    private SearchSpaces() {}

    /** The search space, or INVALID_ARGUMENT saying what is wrong with it. */
    public static SearchSpace of(dev.ratchet.orchestration.v1.SearchSpace proto) {
        List<Param> params = new ArrayList<>();
        try {
            for (ParamSpec spec : proto.getParamsList()) {
                if (spec.getName().isBlank()) {
                    throw new IllegalArgumentException("every parameter needs a name");
                }
                Param.Condition condition = spec.getParent().isEmpty()
                        ? null
                        : new Param.Condition(spec.getParent(), List.copyOf(spec.getParentValuesList()));
                if (condition != null && condition.values().isEmpty()) {
                    throw new IllegalArgumentException(spec.getName() + ": parent_values is empty; name the values of '"
                            + spec.getParent() + "' for which it exists");
                }
                params.add(
                        switch (spec.getKindCase()) {
                            case FLOAT_RANGE ->
                                new Param.FloatParam(
                                        spec.getName(),
                                        spec.getFloatRange().getLow(),
                                        spec.getFloatRange().getHigh(),
                                        spec.getFloatRange().getLog(),
                                        condition);
                            case INT_RANGE ->
                                new Param.IntParam(
                                        spec.getName(),
                                        spec.getIntRange().getLow(),
                                        spec.getIntRange().getHigh(),
                                        Math.max(1, spec.getIntRange().getStep()),
                                        spec.getIntRange().getLog(),
                                        condition);
                            case CATEGORICAL ->
                                new Param.CategoricalParam(
                                        spec.getName(), spec.getCategorical().getChoicesList(), condition);
                            case KIND_NOT_SET ->
                                throw new IllegalArgumentException(
                                        spec.getName() + ": set float_range, int_range or categorical");
                        });
            }
            return new SearchSpace(params);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidArgument("search_space: " + e.getMessage());
        }
    }

    /** The sampler a spec names; TPE when unspecified. */
    public static Sampler sampler(SamplerSpec spec) {
        long seed = spec.getSeed();
        return switch (spec.getKind()) {
            case SAMPLER_KIND_RANDOM -> new RandomSampler(seed);
            case SAMPLER_KIND_SOBOL -> new SobolSampler(seed);
            case SAMPLER_KIND_GRID -> grid(spec);
            case SAMPLER_KIND_TPE, SAMPLER_KIND_UNSPECIFIED -> new TpeSampler(seed, false);
            case SAMPLER_KIND_TPE_MULTIVARIATE -> new TpeSampler(seed, true);
            case SAMPLER_KIND_CMA_ES -> new CmaEsSampler(seed);
            case SAMPLER_KIND_EVOLUTIONARY -> new EvolutionarySampler(seed);
            case UNRECOGNIZED ->
                throw ApiException.invalidArgument(
                        "sampler.kind is unknown: use RANDOM, SOBOL, GRID, TPE, TPE_MULTIVARIATE, CMA_ES or EVOLUTIONARY");
        };
    }

    static GridSampler grid(SamplerSpec spec) {
        int points = spec.getGridPoints() == 0 ? DEFAULT_GRID_POINTS : spec.getGridPoints();
        if (points < 2 || points > 1000) {
            throw ApiException.invalidArgument("sampler.grid_points is " + points + "; it must be 2 to 1000");
        }
        return new GridSampler(spec.getSeed(), points);
    }

    static Map<String, ParamValue> toProto(Map<String, Object> values) {
        Map<String, ParamValue> proto = new LinkedHashMap<>();
        values.forEach((name, v) -> proto.put(
                name,
                v instanceof Double d
                        ? ParamValue.newBuilder().setDoubleValue(d).build()
                        : v instanceof Long l
                                ? ParamValue.newBuilder().setIntValue(l).build()
                                : ParamValue.newBuilder()
                                        .setStringValue(String.valueOf(v))
                                        .build()));
        return proto;
    }

    static Map<String, Object> fromProto(Map<String, ParamValue> proto) {
        Map<String, Object> values = new LinkedHashMap<>();
        proto.forEach((name, v) -> values.put(
                name,
                switch (v.getValueCase()) {
                    case DOUBLE_VALUE -> v.getDoubleValue();
                    case INT_VALUE -> v.getIntValue();
                    default -> v.getStringValue();
                }));
        return values;
    }
}
