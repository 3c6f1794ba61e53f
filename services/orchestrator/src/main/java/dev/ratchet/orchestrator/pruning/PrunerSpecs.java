package dev.ratchet.orchestrator.pruning;

import dev.ratchet.common.grpc.ApiException;
import dev.ratchet.orchestration.v1.PrunerSpec;
import java.util.Optional;

/** From the API's pruner spec to a pruner, with Optuna's defaults; INVALID_ARGUMENT names what to fix. */
public final class PrunerSpecs {
    private PrunerSpecs() {}

    public static Optional<Pruner> of(PrunerSpec spec) {
        try {
            return switch (spec.getKindCase()) {
                case MEDIAN ->
                    Optional.of(new MedianPruner(
                            spec.getMedian().hasStartupTrials()
                                    ? spec.getMedian().getStartupTrials()
                                    : 5,
                            spec.getMedian().getWarmupSteps()));
                case SUCCESSIVE_HALVING ->
                    Optional.of(new SuccessiveHalvingPruner(
                            spec.getSuccessiveHalving().getMinResource() == 0
                                    ? 1
                                    : spec.getSuccessiveHalving().getMinResource(),
                            spec.getSuccessiveHalving().getReductionFactor() == 0
                                    ? 4
                                    : spec.getSuccessiveHalving().getReductionFactor(),
                            spec.getSuccessiveHalving().getMinEarlyStoppingRate()));
                case HYPERBAND ->
                    Optional.of(new HyperbandPruner(
                            spec.getHyperband().getMinResource() == 0
                                    ? 1
                                    : spec.getHyperband().getMinResource(),
                            spec.getHyperband().getMaxResource(),
                            spec.getHyperband().getReductionFactor() == 0
                                    ? 3
                                    : spec.getHyperband().getReductionFactor()));
                case KIND_NOT_SET -> Optional.empty();
            };
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidArgument("pruner: " + e.getMessage());
        }
    }
}
