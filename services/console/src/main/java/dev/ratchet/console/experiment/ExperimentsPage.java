package dev.ratchet.console.experiment;

import dev.ratchet.console.backend.BackendException;
import dev.ratchet.console.backend.Backends;
import dev.ratchet.tracking.v1.Baseline;
import dev.ratchet.tracking.v1.Experiment;
import dev.ratchet.tracking.v1.GetBaselineRequest;
import dev.ratchet.tracking.v1.Idea;
import dev.ratchet.tracking.v1.IdeaStatus;
import dev.ratchet.tracking.v1.ListExperimentsRequest;
import dev.ratchet.tracking.v1.ListIdeasRequest;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Optional;

/** The front page: every experiment with its run count, its baseline and its open ideas. */
@Path("/")
public class ExperimentsPage {

    /** One experiment's line; the baseline is absent until one is set. */
    public record Row(Experiment experiment, Optional<Baseline> baseline, List<Idea> openIdeas) {}

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance experiments(List<Row> rows, boolean archived);
    }

    @Inject
    Backends backends;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance experiments(@QueryParam("archived") boolean archived) {
        List<Experiment> experiments = backends.tracking(t -> t.listExperiments(ListExperimentsRequest.newBuilder()
                        .setIncludeArchived(archived)
                        .build()))
                .getExperimentsList();
        return Templates.experiments(experiments.stream().map(this::row).toList(), archived);
    }

    private Row row(Experiment experiment) {
        List<Idea> open = backends
                .tracking(t -> t.listIdeas(ListIdeasRequest.newBuilder()
                        .setExperimentId(experiment.getExperimentId())
                        .build()))
                .getIdeasList()
                .stream()
                .filter(idea -> idea.getStatus() == IdeaStatus.IDEA_STATUS_OPEN)
                .toList();
        return new Row(experiment, baseline(backends, experiment.getExperimentId()), open);
    }

    /** The experiment's current baseline; empty when none was set (tracking answers NOT_FOUND). */
    static Optional<Baseline> baseline(Backends backends, String experimentId) {
        try {
            return Optional.of(backends.tracking(t -> t.getBaseline(GetBaselineRequest.newBuilder()
                            .setExperimentId(experimentId)
                            .build()))
                    .getBaseline());
        } catch (BackendException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
