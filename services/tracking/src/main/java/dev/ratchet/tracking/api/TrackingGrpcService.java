package dev.ratchet.tracking.api;

import dev.ratchet.common.grpc.GrpcCalls;
import dev.ratchet.common.grpc.LenientParsing;
import dev.ratchet.tracking.v1.ArchiveExperimentRequest;
import dev.ratchet.tracking.v1.ArchiveExperimentResponse;
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
import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;

/**
 * The gRPC face of tracking: routes each call to the class of its aggregate (experiments, runs,
 * metrics, artifacts, baselines, ideas, profiles), which checks the request, delegates and maps the
 * result; unary answers and errors go through {@link GrpcCalls}.
 */
@GrpcService
@Blocking
public class TrackingGrpcService implements TrackingServiceGrpc.AsyncService, BindableService {

    /** Requests that do not parse are answered INVALID_ARGUMENT (see {@link LenientParsing}). */
    @Override
    public ServerServiceDefinition bindService() {
        return LenientParsing.of(TrackingServiceGrpc.bindService(this));
    }

    static final int MAX_NAME_LENGTH = 200;
    static final int MAX_DIGEST_LENGTH = 500;

    @Inject
    ExperimentCalls experimentCalls;

    @Inject
    RunCalls runCalls;

    @Inject
    MetricCalls metricCalls;

    @Inject
    ArtifactCalls artifactCalls;

    @Inject
    BaselineCalls baselineCalls;

    @Inject
    IdeaCalls ideaCalls;

    @Inject
    ProfileCalls profileCalls;

    @Override
    public void createExperiment(CreateExperimentRequest request, StreamObserver<CreateExperimentResponse> observer) {
        GrpcCalls.unary(observer, () -> experimentCalls.createExperiment(request));
    }

    @Override
    public void getExperiment(GetExperimentRequest request, StreamObserver<GetExperimentResponse> observer) {
        GrpcCalls.unary(observer, () -> experimentCalls.getExperiment(request));
    }

    @Override
    public void listExperiments(ListExperimentsRequest request, StreamObserver<ListExperimentsResponse> observer) {
        GrpcCalls.unary(observer, () -> experimentCalls.listExperiments(request));
    }

    @Override
    public void renameExperiment(RenameExperimentRequest request, StreamObserver<RenameExperimentResponse> observer) {
        GrpcCalls.unary(observer, () -> experimentCalls.renameExperiment(request));
    }

    @Override
    public void archiveExperiment(
            ArchiveExperimentRequest request, StreamObserver<ArchiveExperimentResponse> observer) {
        GrpcCalls.unary(observer, () -> experimentCalls.archiveExperiment(request));
    }

    @Override
    public void createRun(CreateRunRequest request, StreamObserver<CreateRunResponse> observer) {
        GrpcCalls.unary(observer, () -> runCalls.createRun(request));
    }

    @Override
    public void getRun(GetRunRequest request, StreamObserver<GetRunResponse> observer) {
        GrpcCalls.unary(observer, () -> runCalls.getRun(request));
    }

    @Override
    public void updateRun(UpdateRunRequest request, StreamObserver<UpdateRunResponse> observer) {
        GrpcCalls.unary(observer, () -> runCalls.updateRun(request));
    }

    @Override
    public void searchRuns(SearchRunsRequest request, StreamObserver<SearchRunsResponse> observer) {
        GrpcCalls.unary(observer, () -> runCalls.searchRuns(request));
    }

    @Override
    public void logRunContext(LogRunContextRequest request, StreamObserver<LogRunContextResponse> observer) {
        GrpcCalls.unary(observer, () -> runCalls.logRunContext(request));
    }

    @Override
    public void getReproduction(GetReproductionRequest request, StreamObserver<GetReproductionResponse> observer) {
        GrpcCalls.unary(observer, () -> runCalls.getReproduction(request));
    }

    @Override
    public void compareRuns(CompareRunsRequest request, StreamObserver<CompareRunsResponse> observer) {
        GrpcCalls.unary(observer, () -> runCalls.compareRuns(request));
    }

    @Override
    public void logBatch(LogBatchRequest request, StreamObserver<LogBatchResponse> observer) {
        GrpcCalls.unary(observer, () -> metricCalls.logBatch(request));
    }

    @Override
    public StreamObserver<LogBatchRequest> logStream(StreamObserver<LogStreamResponse> observer) {
        return metricCalls.logStream(observer);
    }

    @Override
    public void getMetricHistory(GetMetricHistoryRequest request, StreamObserver<GetMetricHistoryResponse> observer) {
        GrpcCalls.unary(observer, () -> metricCalls.getMetricHistory(request));
    }

    @Override
    public StreamObserver<UploadArtifactRequest> uploadArtifact(StreamObserver<UploadArtifactResponse> observer) {
        return artifactCalls.uploadArtifact(observer);
    }

    @Override
    public void downloadArtifact(DownloadArtifactRequest request, StreamObserver<DownloadArtifactResponse> observer) {
        artifactCalls.downloadArtifact(request, observer);
    }

    @Override
    public void listArtifacts(ListArtifactsRequest request, StreamObserver<ListArtifactsResponse> observer) {
        GrpcCalls.unary(observer, () -> artifactCalls.listArtifacts(request));
    }

    @Override
    public void setBaseline(SetBaselineRequest request, StreamObserver<SetBaselineResponse> observer) {
        GrpcCalls.unary(observer, () -> baselineCalls.setBaseline(request));
    }

    @Override
    public void getBaseline(GetBaselineRequest request, StreamObserver<GetBaselineResponse> observer) {
        GrpcCalls.unary(observer, () -> baselineCalls.getBaseline(request));
    }

    @Override
    public void listBaselineHistory(
            ListBaselineHistoryRequest request, StreamObserver<ListBaselineHistoryResponse> observer) {
        GrpcCalls.unary(observer, () -> baselineCalls.listBaselineHistory(request));
    }

    @Override
    public void createIdea(CreateIdeaRequest request, StreamObserver<CreateIdeaResponse> observer) {
        GrpcCalls.unary(observer, () -> ideaCalls.createIdea(request));
    }

    @Override
    public void listIdeas(ListIdeasRequest request, StreamObserver<ListIdeasResponse> observer) {
        GrpcCalls.unary(observer, () -> ideaCalls.listIdeas(request));
    }

    @Override
    public void saveDatasetProfile(
            SaveDatasetProfileRequest request, StreamObserver<SaveDatasetProfileResponse> observer) {
        GrpcCalls.unary(observer, () -> profileCalls.saveDatasetProfile(request));
    }

    @Override
    public void getDatasetProfile(
            GetDatasetProfileRequest request, StreamObserver<GetDatasetProfileResponse> observer) {
        GrpcCalls.unary(observer, () -> profileCalls.getDatasetProfile(request));
    }

    @Override
    public void listDatasetProfiles(
            ListDatasetProfilesRequest request, StreamObserver<ListDatasetProfilesResponse> observer) {
        GrpcCalls.unary(observer, () -> profileCalls.listDatasetProfiles(request));
    }
}
