package dev.ratchet.orchestrator.api;

import dev.ratchet.common.grpc.ApiException;
import dev.ratchet.common.grpc.GrpcCalls;
import dev.ratchet.common.grpc.LenientParsing;
import dev.ratchet.common.grpc.Requests;
import dev.ratchet.contract.events.PredictionSources;
import dev.ratchet.contract.events.StoredMessages;
import dev.ratchet.contract.events.Times;
import dev.ratchet.events.v1.MetricContext;
import dev.ratchet.orchestration.v1.AskTrialRequest;
import dev.ratchet.orchestration.v1.AskTrialResponse;
import dev.ratchet.orchestration.v1.BestTrialEvaluation;
import dev.ratchet.orchestration.v1.Budget;
import dev.ratchet.orchestration.v1.CancelStudyRequest;
import dev.ratchet.orchestration.v1.CancelStudyResponse;
import dev.ratchet.orchestration.v1.CreateStudyRequest;
import dev.ratchet.orchestration.v1.CreateStudyResponse;
import dev.ratchet.orchestration.v1.CreateTriggerRequest;
import dev.ratchet.orchestration.v1.CreateTriggerResponse;
import dev.ratchet.orchestration.v1.DeleteTriggerRequest;
import dev.ratchet.orchestration.v1.DeleteTriggerResponse;
import dev.ratchet.orchestration.v1.EnqueueTrialRequest;
import dev.ratchet.orchestration.v1.EnqueueTrialResponse;
import dev.ratchet.orchestration.v1.GetBestTrialRequest;
import dev.ratchet.orchestration.v1.GetBestTrialResponse;
import dev.ratchet.orchestration.v1.GetParamImportancesRequest;
import dev.ratchet.orchestration.v1.GetParamImportancesResponse;
import dev.ratchet.orchestration.v1.GetStudyRequest;
import dev.ratchet.orchestration.v1.GetStudyResponse;
import dev.ratchet.orchestration.v1.JobTemplate;
import dev.ratchet.orchestration.v1.ListStudiesRequest;
import dev.ratchet.orchestration.v1.ListStudiesResponse;
import dev.ratchet.orchestration.v1.ListTrialsRequest;
import dev.ratchet.orchestration.v1.ListTrialsResponse;
import dev.ratchet.orchestration.v1.ListTriggersRequest;
import dev.ratchet.orchestration.v1.ListTriggersResponse;
import dev.ratchet.orchestration.v1.Objective;
import dev.ratchet.orchestration.v1.OrchestrationServiceGrpc;
import dev.ratchet.orchestration.v1.PrunerSpec;
import dev.ratchet.orchestration.v1.RequestEvaluationRequest;
import dev.ratchet.orchestration.v1.RequestEvaluationResponse;
import dev.ratchet.orchestration.v1.SamplerSpec;
import dev.ratchet.orchestration.v1.SearchSpace;
import dev.ratchet.orchestration.v1.StepSelection;
import dev.ratchet.orchestration.v1.StudyEndReason;
import dev.ratchet.orchestration.v1.StudyState;
import dev.ratchet.orchestration.v1.StudyTrial;
import dev.ratchet.orchestration.v1.SubmitRunRequest;
import dev.ratchet.orchestration.v1.SubmitRunResponse;
import dev.ratchet.orchestration.v1.TellTrialRequest;
import dev.ratchet.orchestration.v1.TellTrialResponse;
import dev.ratchet.orchestration.v1.TrialState;
import dev.ratchet.orchestrator.definition.StudyRequests;
import dev.ratchet.orchestrator.driver.StudyDriver;
import dev.ratchet.orchestrator.execution.JobExecutors;
import dev.ratchet.orchestrator.execution.JobTemplates;
import dev.ratchet.orchestrator.study.Studies;
import dev.ratchet.orchestrator.study.Study;
import dev.ratchet.orchestrator.submission.Submissions;
import dev.ratchet.orchestrator.trial.Trials;
import dev.ratchet.orchestrator.trigger.Triggers;
import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** The gRPC face of the orchestrator: validates requests, delegates, maps results. */
@GrpcService
@Blocking
public class OrchestrationGrpcService implements OrchestrationServiceGrpc.AsyncService, BindableService {

    /** Requests that do not parse are answered INVALID_ARGUMENT (see {@link LenientParsing}). */
    @Override
    public ServerServiceDefinition bindService() {
        return LenientParsing.of(OrchestrationServiceGrpc.bindService(this));
    }

    @Inject
    Studies studies;

    @Inject
    Trials trials;

    @Inject
    Submissions submissions;

    @Inject
    StudyDriver driver;

    @Inject
    JobExecutors executors;

    @Inject
    StudyRequests studyRequests;

    @Inject
    Triggers triggers;

    @Override
    public void createStudy(CreateStudyRequest request, StreamObserver<CreateStudyResponse> observer) {
        GrpcCalls.unary(
                observer,
                () -> CreateStudyResponse.newBuilder()
                        .setStudy(view(studies.create(studyRequests.definition(request))))
                        .build());
    }

    @Override
    public void getBestTrial(GetBestTrialRequest request, StreamObserver<GetBestTrialResponse> observer) {
        GrpcCalls.unary(observer, () -> {
            UUID studyId = Requests.uuid("study_id", request.getStudyId());
            List<StudyTrial> all = trials.list(studyId);
            StudyTrial best = trials.best(studyId, all)
                    .orElseThrow(() -> ApiException.notFound(
                            all.stream().anyMatch(t -> t.getState() == TrialState.TRIAL_STATE_COMPLETE)
                                    ? "study " + studyId + " has no feasible"
                                            + " complete trial yet: every complete trial violates a constraint"
                                    : "study " + studyId + " has no complete trial yet"));
            return GetBestTrialResponse.newBuilder().setTrial(best).build();
        });
    }

    @Override
    public void getParamImportances(
            GetParamImportancesRequest request, StreamObserver<GetParamImportancesResponse> observer) {
        GrpcCalls.unary(observer, () -> trials.importances(Requests.uuid("study_id", request.getStudyId())));
    }

    @Override
    public void createTrigger(CreateTriggerRequest request, StreamObserver<CreateTriggerResponse> observer) {
        GrpcCalls.unary(observer, () -> {
            Requests.text("name", request.getName(), StudyRequests.MAX_NAME_LENGTH);
            return CreateTriggerResponse.newBuilder()
                    .setTrigger(triggers.create(request))
                    .build();
        });
    }

    @Override
    public void listTriggers(ListTriggersRequest request, StreamObserver<ListTriggersResponse> observer) {
        GrpcCalls.unary(
                observer,
                () -> ListTriggersResponse.newBuilder()
                        .addAllTriggers(triggers.list())
                        .build());
    }

    @Override
    public void deleteTrigger(DeleteTriggerRequest request, StreamObserver<DeleteTriggerResponse> observer) {
        GrpcCalls.unary(observer, () -> {
            triggers.delete(Requests.uuid("trigger_id", request.getTriggerId()));
            return DeleteTriggerResponse.getDefaultInstance();
        });
    }

    @Override
    public void cancelStudy(CancelStudyRequest request, StreamObserver<CancelStudyResponse> observer) {
        GrpcCalls.unary(
                observer,
                () -> CancelStudyResponse.newBuilder()
                        .setStudy(view(driver.cancel(Requests.uuid("study_id", request.getStudyId()))))
                        .build());
    }

    @Override
    public void askTrial(AskTrialRequest request, StreamObserver<AskTrialResponse> observer) {
        GrpcCalls.unary(
                observer,
                () -> AskTrialResponse.newBuilder()
                        .setTrial(trials.ask(Requests.uuid("study_id", request.getStudyId())))
                        .build());
    }

    @Override
    public void tellTrial(TellTrialRequest request, StreamObserver<TellTrialResponse> observer) {
        GrpcCalls.unary(
                observer,
                () -> TellTrialResponse.newBuilder()
                        .setTrial(trials.tell(
                                Requests.uuid("study_id", request.getStudyId()),
                                request.getNumber(),
                                request.getState(),
                                request.getValue(),
                                request.getConstraintsList()))
                        .build());
    }

    @Override
    public void enqueueTrial(EnqueueTrialRequest request, StreamObserver<EnqueueTrialResponse> observer) {
        GrpcCalls.unary(
                observer,
                () -> EnqueueTrialResponse.newBuilder()
                        .setWaiting(
                                trials.enqueue(Requests.uuid("study_id", request.getStudyId()), request.getParamsMap()))
                        .build());
    }

    @Override
    public void listTrials(ListTrialsRequest request, StreamObserver<ListTrialsResponse> observer) {
        GrpcCalls.unary(observer, () -> {
            UUID studyId = Requests.uuid("study_id", request.getStudyId());
            List<StudyTrial> all = trials.list(studyId);
            ListTrialsResponse.Builder response =
                    ListTrialsResponse.newBuilder().addAllTrials(all);
            trials.best(studyId, all).ifPresent(response::setBest);
            return response.build();
        });
    }

    @Override
    public void getStudy(GetStudyRequest request, StreamObserver<GetStudyResponse> observer) {
        GrpcCalls.unary(
                observer,
                () -> GetStudyResponse.newBuilder()
                        .setStudy(view(studies.get(Requests.uuid("study_id", request.getStudyId()))))
                        .build());
    }

    @Override
    public void listStudies(ListStudiesRequest request, StreamObserver<ListStudiesResponse> observer) {
        GrpcCalls.unary(observer, () -> {
            String experiment =
                    Requests.text("experiment_name", request.getExperimentName(), StudyRequests.MAX_NAME_LENGTH);
            int limit = Requests.pageSize("max_results", request.getMaxResults(), 100, 1000);
            return ListStudiesResponse.newBuilder()
                    .addAllStudies(studies.ofExperiment(experiment, limit).stream()
                            .map(OrchestrationGrpcService::view)
                            .toList())
                    .build();
        });
    }

    @Override
    public void submitRun(SubmitRunRequest request, StreamObserver<SubmitRunResponse> observer) {
        GrpcCalls.unary(observer, () -> {
            UUID studyId = request.getStudyId().isEmpty() ? null : Requests.uuid("study_id", request.getStudyId());
            UUID runId = submissions.submit(
                            Requests.text(
                                    "experiment_name", request.getExperimentName(), StudyRequests.MAX_NAME_LENGTH),
                            Requests.optionalText("run_name", request.getRunName(), StudyRequests.MAX_NAME_LENGTH),
                            request.getParamsMap(),
                            studyId,
                            request.hasJob() ? executors.checkExecutor(JobTemplates.validated(request.getJob())) : null)
                    .id;
            return SubmitRunResponse.newBuilder().setRunId(runId.toString()).build();
        });
    }

    @Override
    public void requestEvaluation(
            RequestEvaluationRequest request, StreamObserver<RequestEvaluationResponse> observer) {
        GrpcCalls.unary(observer, () -> {
            UUID runId = Requests.uuid("run_id", request.getRunId());
            PredictionSources.problem(request.getSource(), request.getOptions()).ifPresent(problem -> {
                throw ApiException.invalidArgument(problem);
            });
            UUID evaluationId = submissions.requestEvaluation(runId, request.getSource(), request.getOptions()).id;
            return RequestEvaluationResponse.newBuilder()
                    .setEvaluationId(evaluationId.toString())
                    .build();
        });
    }

    private static dev.ratchet.orchestration.v1.Study view(Study study) {
        dev.ratchet.orchestration.v1.Study.Builder view = dev.ratchet.orchestration.v1.Study.newBuilder();
        StoredMessages.read(JobTemplate.parser(), study.job, "job").ifPresent(view::setJob);
        StoredMessages.read(PrunerSpec.parser(), study.pruner, "pruner").ifPresent(view::setPruner);
        StoredMessages.read(BestTrialEvaluation.parser(), study.evaluateBest, "evaluate_best")
                .ifPresent(view::setEvaluateBest);
        if (study.endReason != null) {
            view.setEndReason(StudyEndReason.valueOf("STUDY_END_REASON_" + study.endReason))
                    .setEndTime(Times.toProto(study.endedAt));
        }
        return view.setStudyId(study.id.toString())
                .setName(study.name)
                .setExperimentName(study.experimentName)
                .setObjective(Objective.newBuilder()
                        .setMetric(study.objectiveMetric)
                        .setDirection(dev.ratchet.orchestration.v1.Direction.valueOf("DIRECTION_" + study.direction))
                        .setContext(MetricContext.valueOf(study.objectiveContext))
                        .setStep(StepSelection.valueOf("STEP_SELECTION_" + study.objectiveStep)))
                .setBudget(StoredMessages.read(Budget.parser(), study.budget, "budget")
                        .orElse(Budget.getDefaultInstance()))
                .setMaxTrials(study.maxTrials)
                .setState(StudyState.valueOf("STUDY_STATE_" + study.state))
                .setCreateTime(Times.toProto(study.createdAt))
                .setSearchSpace(StoredMessages.read(SearchSpace.parser(), study.searchSpace, "search space")
                        .orElse(SearchSpace.getDefaultInstance()))
                .setSampler(StoredMessages.read(SamplerSpec.parser(), study.sampler, "sampler")
                        .orElse(SamplerSpec.getDefaultInstance()))
                .addAllConstraints(Arrays.asList(study.constraints))
                .addAllFromStudies(
                        Arrays.stream(study.fromStudies).map(UUID::toString).toList())
                .build();
    }
}
