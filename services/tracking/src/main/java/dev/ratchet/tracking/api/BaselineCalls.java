package dev.ratchet.tracking.api;

import dev.ratchet.common.grpc.ApiException;
import dev.ratchet.common.grpc.Requests;
import dev.ratchet.tracking.baseline.Baseline;
import dev.ratchet.tracking.baseline.Baselines;
import dev.ratchet.tracking.v1.GetBaselineRequest;
import dev.ratchet.tracking.v1.GetBaselineResponse;
import dev.ratchet.tracking.v1.ListBaselineHistoryRequest;
import dev.ratchet.tracking.v1.ListBaselineHistoryResponse;
import dev.ratchet.tracking.v1.SetBaselineRequest;
import dev.ratchet.tracking.v1.SetBaselineResponse;
import dev.ratchet.tracking.view.RunViews;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Baselines: set by hand, the current one, the history. The gRPC face routes their calls here:
 * requests checked, the work delegated, results mapped.
 */
@ApplicationScoped
class BaselineCalls {
    @Inject
    Baselines baselines;

    SetBaselineResponse setBaseline(SetBaselineRequest request) {
        Baseline.Direction direction = switch (request.getDirection()) {
            case METRIC_DIRECTION_MINIMIZE -> Baseline.Direction.MINIMIZE;
            case METRIC_DIRECTION_MAXIMIZE -> Baseline.Direction.MAXIMIZE;
            default ->
                throw ApiException.invalidArgument(
                        "direction must be METRIC_DIRECTION_MINIMIZE or METRIC_DIRECTION_MAXIMIZE");
        };
        Baseline baseline = baselines.set(
                Requests.uuid("experiment_id", request.getExperimentId()),
                Requests.uuid("run_id", request.getRunId()),
                Requests.text("metric", request.getMetric(), 250),
                direction,
                Requests.text("reason", request.getReason(), 2_000));
        return SetBaselineResponse.newBuilder()
                .setBaseline(RunViews.baseline(baseline))
                .build();
    }

    GetBaselineResponse getBaseline(GetBaselineRequest request) {
        return GetBaselineResponse.newBuilder()
                .setBaseline(
                        RunViews.baseline(baselines.current(Requests.uuid("experiment_id", request.getExperimentId()))))
                .build();
    }

    ListBaselineHistoryResponse listBaselineHistory(ListBaselineHistoryRequest request) {
        return ListBaselineHistoryResponse.newBuilder()
                .addAllBaselines(baselines.history(Requests.uuid("experiment_id", request.getExperimentId())).stream()
                        .map(RunViews::baseline)
                        .toList())
                .build();
    }
}
