package dev.ratchet.tracking.api;

import dev.ratchet.common.grpc.ApiException;
import dev.ratchet.common.grpc.Requests;
import dev.ratchet.contract.events.Times;
import dev.ratchet.tracking.compare.RunComparisons;
import dev.ratchet.tracking.context.ReproductionChecks;
import dev.ratchet.tracking.context.Reproductions;
import dev.ratchet.tracking.context.RunContexts;
import dev.ratchet.tracking.run.Approach;
import dev.ratchet.tracking.run.Params;
import dev.ratchet.tracking.run.RunStatus;
import dev.ratchet.tracking.run.Runs;
import dev.ratchet.tracking.search.RunSearch;
import dev.ratchet.tracking.v1.CompareRunsRequest;
import dev.ratchet.tracking.v1.CompareRunsResponse;
import dev.ratchet.tracking.v1.CreateRunRequest;
import dev.ratchet.tracking.v1.CreateRunResponse;
import dev.ratchet.tracking.v1.GetReproductionRequest;
import dev.ratchet.tracking.v1.GetReproductionResponse;
import dev.ratchet.tracking.v1.GetRunRequest;
import dev.ratchet.tracking.v1.GetRunResponse;
import dev.ratchet.tracking.v1.LogRunContextRequest;
import dev.ratchet.tracking.v1.LogRunContextResponse;
import dev.ratchet.tracking.v1.SearchRunsRequest;
import dev.ratchet.tracking.v1.SearchRunsResponse;
import dev.ratchet.tracking.v1.UpdateRunRequest;
import dev.ratchet.tracking.v1.UpdateRunResponse;
import dev.ratchet.tracking.view.RunViews;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Runs: create, read, finish, search, their context, reproduction and comparison. The gRPC face
 * routes their calls here: requests checked, the work delegated, results mapped.
 */
@ApplicationScoped
class RunCalls {
    @Inject
    Runs runs;

    @Inject
    RunViews views;

    @Inject
    RunSearch search;

    @Inject
    RunContexts contexts;

    @Inject
    Reproductions reproductions;

    @Inject
    RunComparisons comparisons;

    CreateRunResponse createRun(CreateRunRequest request) {
        Approach approach = switch (request.getApproach()) {
            case APPROACH_UNSPECIFIED -> null;
            case APPROACH_SIMPLE -> Approach.SIMPLE;
            case APPROACH_POPULAR -> Approach.POPULAR;
            case APPROACH_CREATIVE -> Approach.CREATIVE;
            default ->
                throw ApiException.invalidArgument(
                        "approach " + request.getApproachValue() + " is not simple, popular or creative");
        };
        UUID runId = runs.create(new Runs.NewRun(
                        Requests.uuid("experiment_id", request.getExperimentId()),
                        Requests.optionalText("name", request.getName(), TrackingGrpcService.MAX_NAME_LENGTH),
                        Params.entries(
                                request.getParamsMap(),
                                request.getTypedParamsMap(),
                                false,
                                ApiException::invalidArgument),
                        Requests.optionalText("user", request.getUser(), TrackingGrpcService.MAX_NAME_LENGTH),
                        Requests.optionalText("notes", request.getNotes(), 50_000),
                        approach,
                        request.getParentRunId().isEmpty()
                                ? null
                                : Requests.uuid("parent_run_id", request.getParentRunId()),
                        request.getIdeaId().isEmpty() ? null : Requests.uuid("idea_id", request.getIdeaId()),
                        reproducing(request),
                        request.getRunId().isEmpty() ? null : Requests.uuid("run_id", request.getRunId()),
                        request.hasStartTime() ? Times.toInstant(request.getStartTime()) : null))
                .id;
        return CreateRunResponse.newBuilder().setRun(views.run(runId)).build();
    }

    GetRunResponse getRun(GetRunRequest request) {
        UUID runId = runs.get(Requests.uuid("run_id", request.getRunId())).id;
        return GetRunResponse.newBuilder().setRun(views.run(runId)).build();
    }

    UpdateRunResponse updateRun(UpdateRunRequest request) {
        UUID runId = Requests.uuid("run_id", request.getRunId());
        RunStatus status = switch (request.getStatus()) {
            case RUN_STATUS_FINISHED -> RunStatus.FINISHED;
            case RUN_STATUS_FAILED -> RunStatus.FAILED;
            case RUN_STATUS_KILLED -> RunStatus.KILLED;
            default ->
                throw ApiException.invalidArgument(
                        "status must be RUN_STATUS_FINISHED, RUN_STATUS_FAILED or RUN_STATUS_KILLED");
        };
        runs.finish(
                runId,
                status,
                Requests.optionalText("message", request.getMessage(), 10_000),
                request.hasEndTime() ? Times.toInstant(request.getEndTime()) : null);
        return UpdateRunResponse.newBuilder().setRun(views.run(runId)).build();
    }

    SearchRunsResponse searchRuns(SearchRunsRequest request) {
        List<UUID> experimentIds = request.getExperimentIdsList().stream()
                .map(id -> Requests.uuid("experiment_ids", id))
                .toList();
        RunSearch.Page page = search.search(new RunSearch.Query(
                experimentIds,
                request.getFilter(),
                request.getOrderByList(),
                request.getMaxResults(),
                request.getPageToken(),
                RunSearch.Lifecycle.ACTIVE_ONLY));
        SearchRunsResponse.Builder response = SearchRunsResponse.newBuilder().setNextPageToken(page.nextPageToken());
        response.addAllRuns(views.runs(page.runIds()));
        return response.build();
    }

    LogRunContextResponse logRunContext(LogRunContextRequest request) {
        UUID runId = Requests.uuid("run_id", request.getRunId());
        contexts.log(
                runId,
                new RunContexts.Context(
                        request.hasGit() ? Optional.of(request.getGit()) : Optional.empty(),
                        request.getDatasetsList(),
                        request.hasEnvironment() ? Optional.of(request.getEnvironment()) : Optional.empty(),
                        request.hasSeed() ? OptionalLong.of(request.getSeed()) : OptionalLong.empty(),
                        Requests.optionalText("command", request.getCommand(), 20_000)));
        return LogRunContextResponse.newBuilder().setRun(views.run(runId)).build();
    }

    GetReproductionResponse getReproduction(GetReproductionRequest request) {
        return reproductions.reproduction(Requests.uuid("run_id", request.getRunId()));
    }

    CompareRunsResponse compareRuns(CompareRunsRequest request) {
        return comparisons.compare(
                Requests.uuid("base_run_id", request.getBaseRunId()),
                Requests.uuid("candidate_run_id", request.getCandidateRunId()));
    }

    /** CreateRun's re-run fields: the original's id and a tolerance in [0, 1), 0 for the default. */
    static Runs.Reproducing reproducing(CreateRunRequest request) {
        double tolerance = request.getReproductionTolerance();
        if (request.getReproducesRunId().isEmpty()) {
            if (tolerance != 0) {
                throw ApiException.invalidArgument(
                        "reproduction_tolerance needs reproduces_run_id: the run to " + "compare with");
            }
            return null;
        }
        if (!(tolerance >= 0 && tolerance < 1)) {
            throw ApiException.invalidArgument("reproduction_tolerance " + tolerance + " must be in [0, 1), e.g. "
                    + "0.01 for 1 %; 0 means " + ReproductionChecks.DEFAULT_TOLERANCE);
        }
        return new Runs.Reproducing(
                Requests.uuid("reproduces_run_id", request.getReproducesRunId()),
                tolerance == 0 ? ReproductionChecks.DEFAULT_TOLERANCE : tolerance);
    }
}
