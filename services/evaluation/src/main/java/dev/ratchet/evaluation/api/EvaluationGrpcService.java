package dev.ratchet.evaluation.api;

import dev.ratchet.common.grpc.ApiException;
import dev.ratchet.common.grpc.GrpcCalls;
import dev.ratchet.common.grpc.LenientParsing;
import dev.ratchet.common.grpc.Requests;
import dev.ratchet.contract.events.PredictionSources;
import dev.ratchet.contract.events.Times;
import dev.ratchet.evaluation.EvaluationConfig;
import dev.ratchet.evaluation.data.TableException;
import dev.ratchet.evaluation.profile.DatasetProfiles;
import dev.ratchet.evaluation.results.Evaluation;
import dev.ratchet.evaluation.results.Evaluations;
import dev.ratchet.evaluation.split.DatasetSplits;
import dev.ratchet.evaluation.v1.EvaluateRequest;
import dev.ratchet.evaluation.v1.EvaluateResponse;
import dev.ratchet.evaluation.v1.EvaluationServiceGrpc;
import dev.ratchet.evaluation.v1.GetEvaluationRequest;
import dev.ratchet.evaluation.v1.GetEvaluationResponse;
import dev.ratchet.evaluation.v1.GetProfileRequest;
import dev.ratchet.evaluation.v1.GetProfileResponse;
import dev.ratchet.evaluation.v1.ProfileDatasetRequest;
import dev.ratchet.evaluation.v1.ProfileDatasetResponse;
import dev.ratchet.evaluation.v1.ReportSection;
import dev.ratchet.evaluation.v1.SplitDatasetRequest;
import dev.ratchet.evaluation.v1.SplitDatasetResponse;
import dev.ratchet.events.v1.EvaluationStatus;
import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;

/** The gRPC face of evaluation: validates requests, delegates, maps results. */
@GrpcService
@Blocking
public class EvaluationGrpcService implements EvaluationServiceGrpc.AsyncService, BindableService {

    /** Requests that do not parse are answered INVALID_ARGUMENT (see {@link LenientParsing}). */
    @Override
    public ServerServiceDefinition bindService() {
        return LenientParsing.of(EvaluationServiceGrpc.bindService(this));
    }
    /** Room for the response's own framing beyond the evaluation. */
    private static final int RESPONSE_MARGIN = 1_024;

    @Inject
    Evaluations evaluations;

    @Inject
    EvaluationConfig config;

    @Inject
    DatasetSplits splits;

    @Inject
    DatasetProfiles profiles;

    @Override
    public void evaluate(EvaluateRequest request, StreamObserver<EvaluateResponse> observer) {
        GrpcCalls.unary(observer, () -> {
            UUID runId = Requests.uuid("run_id", request.getRunId());
            PredictionSources.problem(request.getSource(), request.getOptions()).ifPresent(problem -> {
                throw ApiException.invalidArgument(problem);
            });
            Evaluation evaluation =
                    evaluations.evaluate(UUID.randomUUID(), runId, request.getSource(), request.getOptions());
            return EvaluateResponse.newBuilder()
                    .setEvaluation(view(evaluation, List.of()))
                    .build();
        });
    }

    @Override
    public void getEvaluation(GetEvaluationRequest request, StreamObserver<GetEvaluationResponse> observer) {
        GrpcCalls.unary(
                observer,
                () -> GetEvaluationResponse.newBuilder()
                        .setEvaluation(view(
                                evaluations.get(Requests.uuid("evaluation_id", request.getEvaluationId())),
                                request.getSectionsList()))
                        .build());
    }

    @Override
    public void splitDataset(SplitDatasetRequest request, StreamObserver<SplitDatasetResponse> observer) {
        GrpcCalls.unary(observer, () -> {
            try {
                return splits.split(request);
            } catch (TableException e) {
                throw ApiException.invalidArgument(e.getMessage());
            }
        });
    }

    @Override
    public void profileDataset(ProfileDatasetRequest request, StreamObserver<ProfileDatasetResponse> observer) {
        GrpcCalls.unary(observer, () -> {
            try {
                return profiles.profile(request);
            } catch (TableException e) {
                throw ApiException.invalidArgument(e.getMessage());
            }
        });
    }

    @Override
    public void getProfile(GetProfileRequest request, StreamObserver<GetProfileResponse> observer) {
        GrpcCalls.unary(observer, () -> profiles.get(request.getKey()));
    }

    private dev.ratchet.evaluation.v1.Evaluation view(Evaluation evaluation, List<ReportSection> sections) {
        dev.ratchet.evaluation.v1.Evaluation.Builder view = dev.ratchet.evaluation.v1.Evaluation.newBuilder()
                .setEvaluationId(evaluation.id.toString())
                .setRunId(evaluation.runId.toString())
                .setStatus(EvaluationStatus.valueOf("EVALUATION_STATUS_" + evaluation.status))
                .setFailureMessage(evaluation.failureMessage)
                .setFinishedAt(Times.toProto(evaluation.finishedAt));
        Evaluations.summary(evaluation).ifPresent(view::setSummary);
        Evaluations.report(evaluation).ifPresent(report -> {
            if (report.hasGate()) {
                view.setVerdict(report.getGate().getVerdict());
            }
            int room = config.maxResponseBytes() - view.build().getSerializedSize() - RESPONSE_MARGIN;
            ReportSections.Fitted fitted = ReportSections.fitting(report, sections, room, evaluation.id.toString());
            view.setReport(fitted.report()).addAllOmittedSections(fitted.omitted());
        });
        return view.build();
    }
}
