package dev.ratchet.tracking.api;

import com.google.protobuf.ByteString;
import dev.ratchet.common.grpc.ApiException;
import dev.ratchet.common.grpc.GrpcCalls;
import dev.ratchet.common.grpc.LenientParsing;
import dev.ratchet.common.grpc.Requests;
import dev.ratchet.contract.events.Times;
import dev.ratchet.events.v1.MetricContext;
import dev.ratchet.tracking.artifact.Artifact;
import dev.ratchet.tracking.artifact.ArtifactStore;
import dev.ratchet.tracking.artifact.Artifacts;
import dev.ratchet.tracking.baseline.Baseline;
import dev.ratchet.tracking.baseline.Baselines;
import dev.ratchet.tracking.compare.RunComparisons;
import dev.ratchet.tracking.context.ReproductionChecks;
import dev.ratchet.tracking.context.Reproductions;
import dev.ratchet.tracking.context.RunContexts;
import dev.ratchet.tracking.experiment.Experiments;
import dev.ratchet.tracking.idea.Idea;
import dev.ratchet.tracking.idea.Ideas;
import dev.ratchet.tracking.logging.BatchLogger;
import dev.ratchet.tracking.metric.MetricBatches;
import dev.ratchet.tracking.metric.MetricStore;
import dev.ratchet.tracking.profile.ProfileStore;
import dev.ratchet.tracking.run.Approach;
import dev.ratchet.tracking.run.Params;
import dev.ratchet.tracking.run.RunStatus;
import dev.ratchet.tracking.run.Runs;
import dev.ratchet.tracking.search.RunSearch;
import dev.ratchet.tracking.v1.ArchiveExperimentRequest;
import dev.ratchet.tracking.v1.ArchiveExperimentResponse;
import dev.ratchet.tracking.v1.ArtifactHeader;
import dev.ratchet.tracking.v1.CompareRunsRequest;
import dev.ratchet.tracking.v1.CompareRunsResponse;
import dev.ratchet.tracking.v1.CreateExperimentRequest;
import dev.ratchet.tracking.v1.CreateExperimentResponse;
import dev.ratchet.tracking.v1.CreateIdeaRequest;
import dev.ratchet.tracking.v1.CreateIdeaResponse;
import dev.ratchet.tracking.v1.CreateRunRequest;
import dev.ratchet.tracking.v1.CreateRunResponse;
import dev.ratchet.tracking.v1.DownloadArtifactRequest;
import dev.ratchet.tracking.v1.DownloadArtifactResponse;
import dev.ratchet.tracking.v1.GetBaselineRequest;
import dev.ratchet.tracking.v1.GetBaselineResponse;
import dev.ratchet.tracking.v1.GetDatasetProfileRequest;
import dev.ratchet.tracking.v1.GetDatasetProfileResponse;
import dev.ratchet.tracking.v1.GetExperimentRequest;
import dev.ratchet.tracking.v1.GetExperimentResponse;
import dev.ratchet.tracking.v1.GetMetricHistoryRequest;
import dev.ratchet.tracking.v1.GetMetricHistoryResponse;
import dev.ratchet.tracking.v1.GetReproductionRequest;
import dev.ratchet.tracking.v1.GetReproductionResponse;
import dev.ratchet.tracking.v1.GetRunRequest;
import dev.ratchet.tracking.v1.GetRunResponse;
import dev.ratchet.tracking.v1.ListArtifactsRequest;
import dev.ratchet.tracking.v1.ListArtifactsResponse;
import dev.ratchet.tracking.v1.ListBaselineHistoryRequest;
import dev.ratchet.tracking.v1.ListBaselineHistoryResponse;
import dev.ratchet.tracking.v1.ListDatasetProfilesRequest;
import dev.ratchet.tracking.v1.ListDatasetProfilesResponse;
import dev.ratchet.tracking.v1.ListExperimentsRequest;
import dev.ratchet.tracking.v1.ListExperimentsResponse;
import dev.ratchet.tracking.v1.ListIdeasRequest;
import dev.ratchet.tracking.v1.ListIdeasResponse;
import dev.ratchet.tracking.v1.LogBatchRequest;
import dev.ratchet.tracking.v1.LogBatchResponse;
import dev.ratchet.tracking.v1.LogRunContextRequest;
import dev.ratchet.tracking.v1.LogRunContextResponse;
import dev.ratchet.tracking.v1.LogStreamResponse;
import dev.ratchet.tracking.v1.RenameExperimentRequest;
import dev.ratchet.tracking.v1.RenameExperimentResponse;
import dev.ratchet.tracking.v1.SaveDatasetProfileRequest;
import dev.ratchet.tracking.v1.SaveDatasetProfileResponse;
import dev.ratchet.tracking.v1.SearchRunsRequest;
import dev.ratchet.tracking.v1.SearchRunsResponse;
import dev.ratchet.tracking.v1.SetBaselineRequest;
import dev.ratchet.tracking.v1.SetBaselineResponse;
import dev.ratchet.tracking.v1.TrackingServiceGrpc;
import dev.ratchet.tracking.v1.UpdateRunRequest;
import dev.ratchet.tracking.v1.UpdateRunResponse;
import dev.ratchet.tracking.v1.UploadArtifactRequest;
import dev.ratchet.tracking.v1.UploadArtifactResponse;
import dev.ratchet.tracking.view.RunViews;
import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/** The gRPC face of tracking: validates requests, delegates, maps results. */
@GrpcService
@Blocking
public class TrackingGrpcService implements TrackingServiceGrpc.AsyncService, BindableService {

    /** Requests that do not parse are answered INVALID_ARGUMENT (see {@link LenientParsing}). */
    @Override
    public ServerServiceDefinition bindService() {
        return LenientParsing.of(TrackingServiceGrpc.bindService(this));
    }

    private static final int MAX_NAME_LENGTH = 200;
    private static final int MAX_DIGEST_LENGTH = 500;

    @Inject
    Experiments experiments;

    @Inject
    Runs runs;

    @Inject
    MetricStore metrics;

    @Inject
    RunViews views;

    @Inject
    BatchLogger batches;

    @Inject
    RunSearch search;

    @Inject
    Baselines baselines;

    @Inject
    Ideas ideas;

    @Inject
    RunContexts contexts;

    @Inject
    Reproductions reproductions;

    @Inject
    RunComparisons comparisons;

    @Inject
    Artifacts artifacts;

    @Inject
    ArtifactStore store;

    @Inject
    ProfileStore profiles;

    @Override
    public void createExperiment(CreateExperimentRequest request, StreamObserver<CreateExperimentResponse> observer) {
        GrpcCalls.unary(
                observer,
                () -> CreateExperimentResponse.newBuilder()
                        .setExperiment(RunViews.experiment(
                                experiments.create(Requests.text("name", request.getName(), MAX_NAME_LENGTH))))
                        .build());
    }

    @Override
    public void getExperiment(GetExperimentRequest request, StreamObserver<GetExperimentResponse> observer) {
        GrpcCalls.unary(
                observer,
                () -> GetExperimentResponse.newBuilder()
                        .setExperiment(RunViews.experiment(
                                experiments.get(Requests.uuid("experiment_id", request.getExperimentId()))))
                        .build());
    }

    @Override
    public void listExperiments(ListExperimentsRequest request, StreamObserver<ListExperimentsResponse> observer) {
        GrpcCalls.unary(observer, () -> {
            Map<UUID, Long> runCounts = experiments.runCounts();
            return ListExperimentsResponse.newBuilder()
                    .addAllExperiments(experiments.list(request.getIncludeArchived()).stream()
                            .map(experiment -> RunViews.experiment(experiment).toBuilder()
                                    .setRunCount(runCounts.getOrDefault(experiment.id, 0L))
                                    .build())
                            .toList())
                    .build();
        });
    }

    @Override
    public void renameExperiment(RenameExperimentRequest request, StreamObserver<RenameExperimentResponse> observer) {
        GrpcCalls.unary(
                observer,
                () -> RenameExperimentResponse.newBuilder()
                        .setExperiment(RunViews.experiment(experiments.rename(
                                Requests.uuid("experiment_id", request.getExperimentId()),
                                Requests.text("new_name", request.getNewName(), MAX_NAME_LENGTH))))
                        .build());
    }

    @Override
    public void archiveExperiment(
            ArchiveExperimentRequest request, StreamObserver<ArchiveExperimentResponse> observer) {
        GrpcCalls.unary(
                observer,
                () -> ArchiveExperimentResponse.newBuilder()
                        .setExperiment(RunViews.experiment(experiments.archive(
                                Requests.uuid("experiment_id", request.getExperimentId()), request.getArchived())))
                        .build());
    }

    /** CreateRun's re-run fields: the original's id and a tolerance in [0, 1), 0 for the default. */
    private static Runs.Reproducing reproducing(CreateRunRequest request) {
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

    @Override
    public void createRun(CreateRunRequest request, StreamObserver<CreateRunResponse> observer) {
        GrpcCalls.unary(observer, () -> {
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
                            Requests.optionalText("name", request.getName(), MAX_NAME_LENGTH),
                            Params.entries(
                                    request.getParamsMap(),
                                    request.getTypedParamsMap(),
                                    false,
                                    ApiException::invalidArgument),
                            Requests.optionalText("user", request.getUser(), MAX_NAME_LENGTH),
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
        });
    }

    @Override
    public void getRun(GetRunRequest request, StreamObserver<GetRunResponse> observer) {
        GrpcCalls.unary(observer, () -> {
            UUID runId = runs.get(Requests.uuid("run_id", request.getRunId())).id;
            return GetRunResponse.newBuilder().setRun(views.run(runId)).build();
        });
    }

    @Override
    public void updateRun(UpdateRunRequest request, StreamObserver<UpdateRunResponse> observer) {
        GrpcCalls.unary(observer, () -> {
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
        });
    }

    @Override
    public void logBatch(LogBatchRequest request, StreamObserver<LogBatchResponse> observer) {
        GrpcCalls.unary(observer, () -> {
            UUID runId = Requests.uuid("run_id", request.getRunId());
            int stored = batches.log(
                    runId,
                    BatchLogger.Batch.of(
                            request.getMetricsList(),
                            request.getParamsMap(),
                            request.getTypedParamsMap(),
                            request.getTagsMap(),
                            request.getBatchId()));
            return LogBatchResponse.newBuilder().setMetricsStored(stored).build();
        });
    }

    @Override
    public StreamObserver<LogBatchRequest> logStream(StreamObserver<LogStreamResponse> observer) {
        return new StreamObserver<>() {
            private int batchCount;
            private long stored;
            private boolean failed;

            @Override
            public void onNext(LogBatchRequest request) {
                if (failed) {
                    return;
                }
                try {
                    stored += batches.log(
                            Requests.uuid("run_id", request.getRunId()),
                            BatchLogger.Batch.of(
                                    request.getMetricsList(),
                                    request.getParamsMap(),
                                    request.getTypedParamsMap(),
                                    request.getTagsMap(),
                                    request.getBatchId()));
                    batchCount++;
                } catch (RuntimeException e) {
                    failed = true;
                    observer.onError(GrpcCalls.toStatus(e)
                            .augmentDescription("in batch " + (batchCount + 1) + " of the stream; the " + batchCount
                                    + " before it are stored")
                            .asRuntimeException());
                }
            }

            @Override
            public void onError(Throwable t) {
                // the client gave up; what arrived is stored
            }

            @Override
            public void onCompleted() {
                if (!failed) {
                    observer.onNext(LogStreamResponse.newBuilder()
                            .setBatches(batchCount)
                            .setMetricsStored(stored)
                            .build());
                    observer.onCompleted();
                }
            }
        };
    }

    @Override
    public StreamObserver<UploadArtifactRequest> uploadArtifact(StreamObserver<UploadArtifactResponse> observer) {
        return new StreamObserver<>() {
            private ArtifactHeader header;
            private ArtifactStore.Upload upload;
            private boolean failed;

            @Override
            public void onNext(UploadArtifactRequest request) {
                if (failed) {
                    return;
                }
                try {
                    if (header == null) {
                        if (!request.hasHeader()) {
                            throw ApiException.invalidArgument("the first message must be the header (run_id, path)");
                        }
                        header = request.getHeader();
                        artifacts.requireRun(Requests.uuid("header.run_id", header.getRunId()));
                        Artifacts.checkPath(header.getPath());
                        Artifacts.checkCaption(header.getCaption());
                        upload = store.upload();
                    } else if (request.hasHeader()) {
                        throw ApiException.invalidArgument("only the first message may be a header");
                    } else {
                        upload.write(request.getChunk().toByteArray());
                    }
                } catch (RuntimeException e) {
                    fail(e);
                }
            }

            @Override
            public void onError(Throwable t) {
                if (upload != null) {
                    upload.close();
                }
            }

            @Override
            public void onCompleted() {
                if (failed) {
                    return;
                }
                GrpcCalls.unary(observer, () -> {
                    if (header == null) {
                        throw ApiException.invalidArgument("the upload was empty: send a header, then the chunks");
                    }
                    try (ArtifactStore.Upload done = upload) {
                        Artifact artifact = artifacts.record(
                                UUID.fromString(header.getRunId()),
                                header.getPath(),
                                done.commit(),
                                header.getContentType(),
                                header.getImage(),
                                header.getCaption());
                        return UploadArtifactResponse.newBuilder()
                                .setArtifact(RunViews.artifact(artifact))
                                .build();
                    }
                });
            }

            private void fail(RuntimeException e) {
                failed = true;
                if (upload != null) {
                    upload.close();
                }
                observer.onError(GrpcCalls.toStatus(e).asRuntimeException());
            }
        };
    }

    @Override
    public void downloadArtifact(DownloadArtifactRequest request, StreamObserver<DownloadArtifactResponse> observer) {
        Artifact artifact;
        try {
            artifact = artifacts.get(Requests.uuid("run_id", request.getRunId()), request.getPath());
        } catch (RuntimeException e) {
            observer.onError(GrpcCalls.toStatus(e).asRuntimeException());
            return;
        }
        observer.onNext(DownloadArtifactResponse.newBuilder()
                .setInfo(RunViews.artifact(artifact))
                .build());
        try (InputStream in = store.open(artifact.digest)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                observer.onNext(DownloadArtifactResponse.newBuilder()
                        .setChunk(ByteString.copyFrom(buffer, 0, n))
                        .build());
            }
        } catch (IOException e) {
            observer.onError(GrpcCalls.toStatus(new UncheckedIOException(e)).asRuntimeException());
            return;
        }
        observer.onCompleted();
    }

    @Override
    public void listArtifacts(ListArtifactsRequest request, StreamObserver<ListArtifactsResponse> observer) {
        GrpcCalls.unary(
                observer,
                () -> ListArtifactsResponse.newBuilder()
                        .addAllArtifacts(artifacts.list(Requests.uuid("run_id", request.getRunId())).stream()
                                .map(RunViews::artifact)
                                .toList())
                        .build());
    }

    @Override
    public void searchRuns(SearchRunsRequest request, StreamObserver<SearchRunsResponse> observer) {
        GrpcCalls.unary(observer, () -> {
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
            SearchRunsResponse.Builder response =
                    SearchRunsResponse.newBuilder().setNextPageToken(page.nextPageToken());
            response.addAllRuns(views.runs(page.runIds()));
            return response.build();
        });
    }

    @Override
    public void setBaseline(SetBaselineRequest request, StreamObserver<SetBaselineResponse> observer) {
        GrpcCalls.unary(observer, () -> {
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
        });
    }

    @Override
    public void getBaseline(GetBaselineRequest request, StreamObserver<GetBaselineResponse> observer) {
        GrpcCalls.unary(
                observer,
                () -> GetBaselineResponse.newBuilder()
                        .setBaseline(RunViews.baseline(
                                baselines.current(Requests.uuid("experiment_id", request.getExperimentId()))))
                        .build());
    }

    @Override
    public void listBaselineHistory(
            ListBaselineHistoryRequest request, StreamObserver<ListBaselineHistoryResponse> observer) {
        GrpcCalls.unary(
                observer,
                () -> ListBaselineHistoryResponse.newBuilder()
                        .addAllBaselines(
                                baselines.history(Requests.uuid("experiment_id", request.getExperimentId())).stream()
                                        .map(RunViews::baseline)
                                        .toList())
                        .build());
    }

    @Override
    public void createIdea(CreateIdeaRequest request, StreamObserver<CreateIdeaResponse> observer) {
        GrpcCalls.unary(observer, () -> {
            Idea idea = ideas.create(new Ideas.NewIdea(
                    Requests.uuid("experiment_id", request.getExperimentId()),
                    Requests.text("title", request.getTitle(), MAX_NAME_LENGTH),
                    Requests.text("hypothesis", request.getHypothesis(), 10_000),
                    Requests.optionalText("owner", request.getOwner(), MAX_NAME_LENGTH),
                    request.getTimeBoxDays()));
            return CreateIdeaResponse.newBuilder()
                    .setIdea(RunViews.idea(new Ideas.View(idea, 0, Optional.empty(), 0)))
                    .build();
        });
    }

    @Override
    public void listIdeas(ListIdeasRequest request, StreamObserver<ListIdeasResponse> observer) {
        GrpcCalls.unary(observer, () -> {
            UUID experimentId = Requests.uuid("experiment_id", request.getExperimentId());
            return ListIdeasResponse.newBuilder()
                    .addAllIdeas(ideas.list(experimentId, baselines.ideaRanking(experimentId)).stream()
                            .map(RunViews::idea)
                            .toList())
                    .build();
        });
    }

    @Override
    public void logRunContext(LogRunContextRequest request, StreamObserver<LogRunContextResponse> observer) {
        GrpcCalls.unary(observer, () -> {
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
        });
    }

    @Override
    public void getReproduction(GetReproductionRequest request, StreamObserver<GetReproductionResponse> observer) {
        GrpcCalls.unary(observer, () -> reproductions.reproduction(Requests.uuid("run_id", request.getRunId())));
    }

    @Override
    public void compareRuns(CompareRunsRequest request, StreamObserver<CompareRunsResponse> observer) {
        GrpcCalls.unary(
                observer,
                () -> comparisons.compare(
                        Requests.uuid("base_run_id", request.getBaseRunId()),
                        Requests.uuid("candidate_run_id", request.getCandidateRunId())));
    }

    @Override
    public void saveDatasetProfile(
            SaveDatasetProfileRequest request, StreamObserver<SaveDatasetProfileResponse> observer) {
        GrpcCalls.unary(
                observer,
                () -> SaveDatasetProfileResponse.newBuilder()
                        .setProfile(profiles.save(request.getProfile()))
                        .build());
    }

    @Override
    public void getDatasetProfile(
            GetDatasetProfileRequest request, StreamObserver<GetDatasetProfileResponse> observer) {
        GrpcCalls.unary(
                observer,
                () -> GetDatasetProfileResponse.newBuilder()
                        .setProfile(profiles.find(request.getKey())
                                .orElseThrow(() -> ApiException.notFound("no profile with key " + request.getKey()
                                        + "; ProfileDataset computes and stores it")))
                        .build());
    }

    @Override
    public void listDatasetProfiles(
            ListDatasetProfilesRequest request, StreamObserver<ListDatasetProfilesResponse> observer) {
        GrpcCalls.unary(
                observer,
                () -> ListDatasetProfilesResponse.newBuilder()
                        .addAllProfiles(profiles.withDigest(
                                Requests.text("digest", request.getDigest(), MAX_DIGEST_LENGTH),
                                Requests.pageSize("max_results", request.getMaxResults(), 20, 100)))
                        .build());
    }

    @Override
    public void getMetricHistory(GetMetricHistoryRequest request, StreamObserver<GetMetricHistoryResponse> observer) {
        GrpcCalls.unary(observer, () -> {
            UUID runId = runs.get(Requests.uuid("run_id", request.getRunId())).id;
            String key = Requests.text("key", request.getKey(), MetricBatches.MAX_KEY_LENGTH);
            if (request.getContext() == MetricContext.UNRECOGNIZED) {
                throw ApiException.invalidArgument("context " + request.getContextValue() + " is not a known context");
            }
            int maxPoints = request.getMaxPoints() == 0 ? MetricStore.DEFAULT_MAX_POINTS : request.getMaxPoints();
            if (maxPoints < MetricStore.MIN_POINTS || maxPoints > MetricStore.MAX_POINTS) {
                throw ApiException.invalidArgument("max_points must be " + MetricStore.MIN_POINTS + " to "
                        + MetricStore.MAX_POINTS + " (0: " + MetricStore.DEFAULT_MAX_POINTS + ")");
            }
            long firstStep = request.hasFirstStep() ? request.getFirstStep() : Long.MIN_VALUE;
            long lastStep = request.hasLastStep() ? request.getLastStep() : Long.MAX_VALUE;
            if (firstStep > lastStep) {
                throw ApiException.invalidArgument("first_step " + firstStep + " is after last_step " + lastStep
                        + "; give the range lowest step first");
            }
            MetricStore.History history =
                    metrics.history(runId, key, request.getContext(), maxPoints, firstStep, lastStep);
            return GetMetricHistoryResponse.newBuilder()
                    .addAllPoints(history.points())
                    .setDownsampled(history.downsampled())
                    .setTotalPoints(history.totalPoints())
                    .build();
        });
    }
}
