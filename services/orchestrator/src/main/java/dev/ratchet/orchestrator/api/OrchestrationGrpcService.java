package dev.ratchet.orchestrator.api;

import dev.ratchet.common.events.PredictionSources;
import dev.ratchet.common.events.Times;
import dev.ratchet.common.grpc.ApiException;
import dev.ratchet.common.grpc.GrpcCalls;
import dev.ratchet.common.grpc.Requests;
import dev.ratchet.orchestration.v1.CreateStudyRequest;
import dev.ratchet.orchestration.v1.CreateStudyResponse;
import dev.ratchet.orchestration.v1.GetStudyRequest;
import dev.ratchet.orchestration.v1.GetStudyResponse;
import dev.ratchet.orchestration.v1.Objective;
import dev.ratchet.orchestration.v1.OrchestrationServiceGrpc;
import dev.ratchet.orchestration.v1.RequestEvaluationRequest;
import dev.ratchet.orchestration.v1.RequestEvaluationResponse;
import dev.ratchet.orchestration.v1.StudyState;
import dev.ratchet.orchestration.v1.SubmitRunRequest;
import dev.ratchet.orchestration.v1.SubmitRunResponse;
import dev.ratchet.orchestrator.study.Direction;
import dev.ratchet.orchestrator.study.Studies;
import dev.ratchet.orchestrator.study.Study;
import dev.ratchet.orchestrator.submission.Submissions;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import java.util.UUID;

/** The gRPC face of the orchestrator: validates requests, delegates, maps results. */
@GrpcService
@Blocking
public class OrchestrationGrpcService extends OrchestrationServiceGrpc.OrchestrationServiceImplBase {
    private static final int MAX_NAME_LENGTH = 200;

    @Inject
    Studies studies;

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
                    request.getMaxTrials()));
            return CreateStudyResponse.newBuilder().setStudy(view(study)).build();
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
                .build();
    }
}
