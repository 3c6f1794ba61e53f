package dev.ratchet.orchestrator.api;

import dev.ratchet.common.events.PredictionSources;
import dev.ratchet.common.events.StoredMessages;
import dev.ratchet.common.events.Times;
import dev.ratchet.common.grpc.ApiException;
import dev.ratchet.common.grpc.GrpcCalls;
import dev.ratchet.common.grpc.Requests;
import dev.ratchet.orchestration.v1.AskTrialRequest;
import dev.ratchet.orchestration.v1.AskTrialResponse;
import dev.ratchet.orchestration.v1.CreateStudyRequest;
import dev.ratchet.orchestration.v1.CreateStudyResponse;
import dev.ratchet.orchestration.v1.GetStudyRequest;
import dev.ratchet.orchestration.v1.GetStudyResponse;
import dev.ratchet.orchestration.v1.ListTrialsRequest;
import dev.ratchet.orchestration.v1.ListTrialsResponse;
import dev.ratchet.orchestration.v1.Objective;
import dev.ratchet.orchestration.v1.OrchestrationServiceGrpc;
import dev.ratchet.orchestration.v1.RequestEvaluationRequest;
import dev.ratchet.orchestration.v1.RequestEvaluationResponse;
import dev.ratchet.orchestration.v1.SamplerSpec;
import dev.ratchet.orchestration.v1.SearchSpace;
import dev.ratchet.orchestration.v1.StudyState;
import dev.ratchet.orchestration.v1.StudyTrial;
import dev.ratchet.orchestration.v1.SubmitRunRequest;
import dev.ratchet.orchestration.v1.SubmitRunResponse;
import dev.ratchet.orchestration.v1.TellTrialRequest;
import dev.ratchet.orchestration.v1.TellTrialResponse;
import dev.ratchet.orchestrator.search.GridSampler;
import dev.ratchet.orchestrator.study.Direction;
import dev.ratchet.orchestrator.study.Studies;
import dev.ratchet.orchestrator.study.Study;
import dev.ratchet.orchestrator.submission.Submissions;
import dev.ratchet.orchestrator.trial.SearchSpaces;
import dev.ratchet.orchestrator.trial.Trials;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;

/** The gRPC face of the orchestrator: validates requests, delegates, maps results. */
@GrpcService
@Blocking
public class OrchestrationGrpcService extends OrchestrationServiceGrpc.OrchestrationServiceImplBase {
    private static final int MAX_NAME_LENGTH = 200;

    @Inject
    Studies studies;

    @Inject
    Trials trials;

    @Inject
    Submissions submissions;

    @Override
    public void createStudy(CreateStudyRequest request, StreamObserver<CreateStudyResponse> observer) {
        GrpcCalls.unary(observer, () -> {
            Direction direction = switch (request.getObjective().getDirection()) {
                case DIRECTION_MINIMIZE -> Direction.MINIMIZE;
                case DIRECTION_MAXIMIZE -> Direction.MAXIMIZE;
                default -> throw ApiException.invalidArgument(
                        "objective.direction must be DIRECTION_MINIMIZE or DIRECTION_MAXIMIZE");
            };
            if (request.getMaxTrials() < 1 || request.getMaxTrials() > Studies.MAX_TRIALS) {
                throw ApiException.invalidArgument("max_trials is " + request.getMaxTrials() + "; it must be 1 to "
                        + Studies.MAX_TRIALS);
            }
            Study study = studies.create(new Studies.Definition(
                    Requests.text("name", request.getName(), MAX_NAME_LENGTH),
                    Requests.text("experiment_name", request.getExperimentName(), MAX_NAME_LENGTH),
                    Requests.text("objective.metric", request.getObjective().getMetric(), 250),
                    direction,
                    request.getMaxTrials(),
                    request.hasSearchSpace() ? validated(request.getSearchSpace(), request.getSampler()) : null,
                    request.getSampler()));
            return CreateStudyResponse.newBuilder().setStudy(view(study)).build();
        });
    }

    /** Checks the space and the sampler now, so a bad study fails before any trial. */
    private static SearchSpace validated(SearchSpace space, SamplerSpec sampler) {
        dev.ratchet.orchestrator.search.SearchSpace parsed = SearchSpaces.of(space);
        if (SearchSpaces.sampler(sampler) instanceof GridSampler grid && grid.size(parsed) > 10_000_000) {
            throw ApiException.invalidArgument("the grid has " + grid.size(parsed)
                    + " combinations; lower sampler.grid_points or use another sampler");
        }
        return space;
    }

    @Override
    public void askTrial(AskTrialRequest request, StreamObserver<AskTrialResponse> observer) {
        GrpcCalls.unary(observer, () -> AskTrialResponse.newBuilder()
                .setTrial(trials.ask(Requests.uuid("study_id", request.getStudyId()))).build());
    }

    @Override
    public void tellTrial(TellTrialRequest request, StreamObserver<TellTrialResponse> observer) {
        GrpcCalls.unary(observer, () -> TellTrialResponse.newBuilder()
                .setTrial(trials.tell(Requests.uuid("study_id", request.getStudyId()), request.getNumber(),
                        request.getState(), request.getValue())).build());
    }

    @Override
    public void listTrials(ListTrialsRequest request, StreamObserver<ListTrialsResponse> observer) {
        GrpcCalls.unary(observer, () -> {
            UUID studyId = Requests.uuid("study_id", request.getStudyId());
            List<StudyTrial> all = trials.list(studyId);
            ListTrialsResponse.Builder response = ListTrialsResponse.newBuilder().addAllTrials(all);
            trials.best(studyId, all).ifPresent(response::setBest);
            return response.build();
        });
    }

    @Override
    public void getStudy(GetStudyRequest request, StreamObserver<GetStudyResponse> observer) {
        GrpcCalls.unary(observer, () -> GetStudyResponse.newBuilder()
                .setStudy(view(studies.get(Requests.uuid("study_id", request.getStudyId()))))
                .build());
    }

    @Override
    public void submitRun(SubmitRunRequest request, StreamObserver<SubmitRunResponse> observer) {
        GrpcCalls.unary(observer, () -> {
            UUID studyId = request.getStudyId().isEmpty() ? null : Requests.uuid("study_id", request.getStudyId());
            UUID runId = submissions.submit(
                    Requests.text("experiment_name", request.getExperimentName(), MAX_NAME_LENGTH),
                    Requests.optionalText("run_name", request.getRunName(), MAX_NAME_LENGTH),
                    request.getParamsMap(),
                    studyId).id;
            return SubmitRunResponse.newBuilder().setRunId(runId.toString()).build();
        });
    }

    @Override
    public void requestEvaluation(RequestEvaluationRequest request,
            StreamObserver<RequestEvaluationResponse> observer) {
        GrpcCalls.unary(observer, () -> {
            UUID runId = Requests.uuid("run_id", request.getRunId());
            PredictionSources.problem(request.getSource(), request.getOptions()).ifPresent(problem -> {
                throw ApiException.invalidArgument(problem);
            });
            UUID evaluationId = submissions.requestEvaluation(runId, request.getSource(), request.getOptions()).id;
            return RequestEvaluationResponse.newBuilder().setEvaluationId(evaluationId.toString()).build();
        });
    }

    private static dev.ratchet.orchestration.v1.Study view(Study study) {
        return dev.ratchet.orchestration.v1.Study.newBuilder()
                .setStudyId(study.id.toString())
                .setName(study.name)
                .setExperimentName(study.experimentName)
                .setObjective(Objective.newBuilder()
                        .setMetric(study.objectiveMetric)
                        .setDirection(dev.ratchet.orchestration.v1.Direction.valueOf("DIRECTION_" + study.direction)))
                .setMaxTrials(study.maxTrials)
                .setState(StudyState.valueOf("STUDY_STATE_" + study.state))
                .setCreateTime(Times.toProto(study.createdAt))
                .setSearchSpace(StoredMessages.read(SearchSpace.parser(), study.searchSpace, "search space")
                        .orElse(SearchSpace.getDefaultInstance()))
                .setSampler(StoredMessages.read(SamplerSpec.parser(), study.sampler, "sampler")
                        .orElse(SamplerSpec.getDefaultInstance()))
                .build();
    }
}
