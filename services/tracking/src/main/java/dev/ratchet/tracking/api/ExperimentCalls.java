package dev.ratchet.tracking.api;

import dev.ratchet.common.grpc.Requests;
import dev.ratchet.tracking.experiment.Experiments;
import dev.ratchet.tracking.v1.ArchiveExperimentRequest;
import dev.ratchet.tracking.v1.ArchiveExperimentResponse;
import dev.ratchet.tracking.v1.CreateExperimentRequest;
import dev.ratchet.tracking.v1.CreateExperimentResponse;
import dev.ratchet.tracking.v1.GetExperimentRequest;
import dev.ratchet.tracking.v1.GetExperimentResponse;
import dev.ratchet.tracking.v1.ListExperimentsRequest;
import dev.ratchet.tracking.v1.ListExperimentsResponse;
import dev.ratchet.tracking.v1.RenameExperimentRequest;
import dev.ratchet.tracking.v1.RenameExperimentResponse;
import dev.ratchet.tracking.view.RunViews;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;

/**
 * Experiments: create, read, list with run counts, rename, archive. The gRPC face routes their
 * calls here: requests checked, the work delegated, results mapped.
 */
@ApplicationScoped
class ExperimentCalls {
    @Inject
    Experiments experiments;

    CreateExperimentResponse createExperiment(CreateExperimentRequest request) {
        return CreateExperimentResponse.newBuilder()
                .setExperiment(RunViews.experiment(experiments.create(
                        Requests.text("name", request.getName(), TrackingGrpcService.MAX_NAME_LENGTH))))
                .build();
    }

    GetExperimentResponse getExperiment(GetExperimentRequest request) {
        return GetExperimentResponse.newBuilder()
                .setExperiment(
                        RunViews.experiment(experiments.get(Requests.uuid("experiment_id", request.getExperimentId()))))
                .build();
    }

    ListExperimentsResponse listExperiments(ListExperimentsRequest request) {
        Map<UUID, Long> runCounts = experiments.runCounts();
        return ListExperimentsResponse.newBuilder()
                .addAllExperiments(experiments.list(request.getIncludeArchived()).stream()
                        .map(experiment -> RunViews.experiment(experiment).toBuilder()
                                .setRunCount(runCounts.getOrDefault(experiment.id, 0L))
                                .build())
                        .toList())
                .build();
    }

    RenameExperimentResponse renameExperiment(RenameExperimentRequest request) {
        return RenameExperimentResponse.newBuilder()
                .setExperiment(RunViews.experiment(experiments.rename(
                        Requests.uuid("experiment_id", request.getExperimentId()),
                        Requests.text("new_name", request.getNewName(), TrackingGrpcService.MAX_NAME_LENGTH))))
                .build();
    }

    ArchiveExperimentResponse archiveExperiment(ArchiveExperimentRequest request) {
        return ArchiveExperimentResponse.newBuilder()
                .setExperiment(RunViews.experiment(experiments.archive(
                        Requests.uuid("experiment_id", request.getExperimentId()), request.getArchived())))
                .build();
    }
}
