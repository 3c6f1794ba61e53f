package dev.ratchet.console.run;

import dev.ratchet.console.backend.BackendException;
import dev.ratchet.console.backend.Backends;
import dev.ratchet.tracking.v1.ArtifactInfo;
import dev.ratchet.tracking.v1.GetRunRequest;
import dev.ratchet.tracking.v1.ListArtifactsRequest;
import dev.ratchet.tracking.v1.MetricSummary;
import dev.ratchet.tracking.v1.Run;
import dev.ratchet.tracking.v1.RunStatus;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One run: what it was (params, code, data, environment, command, seed), what it did (a chart per
 * metric with its contexts overlaid, system metrics apart), what it left (artifacts, images as a
 * gallery) and how it was judged (its evaluations). A running run's charts grow live.
 */
@Path("/runs/{id}")
public class RunPage {

    public record View(
            Run run,
            boolean running,
            List<String> metricKeys,
            List<String> systemKeys,
            Map<String, String> params,
            List<ArtifactInfo> images,
            List<ArtifactInfo> files,
            String artifactsNote) {}

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance run(View page);
    }

    @Inject
    Backends backends;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page(@PathParam("id") String id) {
        Run run = backends.tracking(
                        t -> t.getRun(GetRunRequest.newBuilder().setRunId(id).build()))
                .getRun();
        List<String> keys = run.getMetricsList().stream()
                .map(MetricSummary::getKey)
                .distinct()
                .sorted()
                .toList();
        List<ArtifactInfo> artifacts = List.of();
        String artifactsNote = "";
        try {
            artifacts = backends.tracking(t -> t.listArtifacts(
                            ListArtifactsRequest.newBuilder().setRunId(id).build()))
                    .getArtifactsList();
        } catch (BackendException e) {
            artifactsNote = "Its artifacts could not be listed: " + e.description();
        }
        Map<String, String> params = new TreeMap<>(run.getParamsMap());
        return Templates.run(new View(
                run,
                run.getStatus() == RunStatus.RUN_STATUS_RUNNING,
                keys.stream().filter(k -> !k.startsWith("system/")).toList(),
                keys.stream().filter(k -> k.startsWith("system/")).toList(),
                params,
                artifacts.stream().filter(RunPage::isImage).toList(),
                artifacts.stream().filter(a -> !isImage(a)).toList(),
                artifactsNote));
    }

    static boolean isImage(ArtifactInfo artifact) {
        return artifact.getImage() || artifact.getContentType().startsWith("image/");
    }
}
