package dev.ratchet.tracking.api;

import dev.ratchet.common.grpc.Requests;
import dev.ratchet.tracking.baseline.Baselines;
import dev.ratchet.tracking.idea.Idea;
import dev.ratchet.tracking.idea.Ideas;
import dev.ratchet.tracking.v1.CreateIdeaRequest;
import dev.ratchet.tracking.v1.CreateIdeaResponse;
import dev.ratchet.tracking.v1.ListIdeasRequest;
import dev.ratchet.tracking.v1.ListIdeasResponse;
import dev.ratchet.tracking.view.RunViews;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.UUID;

/**
 * Time-boxed ideas: create, and list with the best run of each. The gRPC face routes their calls
 * here: requests checked, the work delegated, results mapped.
 */
@ApplicationScoped
class IdeaCalls {
    @Inject
    Ideas ideas;

    @Inject
    Baselines baselines;

    CreateIdeaResponse createIdea(CreateIdeaRequest request) {
        Idea idea = ideas.create(new Ideas.NewIdea(
                Requests.uuid("experiment_id", request.getExperimentId()),
                Requests.text("title", request.getTitle(), TrackingGrpcService.MAX_NAME_LENGTH),
                Requests.text("hypothesis", request.getHypothesis(), 10_000),
                Requests.optionalText("owner", request.getOwner(), TrackingGrpcService.MAX_NAME_LENGTH),
                request.getTimeBoxDays()));
        return CreateIdeaResponse.newBuilder()
                .setIdea(RunViews.idea(new Ideas.View(idea, 0, Optional.empty(), 0)))
                .build();
    }

    ListIdeasResponse listIdeas(ListIdeasRequest request) {
        UUID experimentId = Requests.uuid("experiment_id", request.getExperimentId());
        return ListIdeasResponse.newBuilder()
                .addAllIdeas(ideas.list(experimentId, baselines.ideaRanking(experimentId)).stream()
                        .map(RunViews::idea)
                        .toList())
                .build();
    }
}
