package dev.ratchet.evaluation.report;

import dev.ratchet.common.artifacts.ArtifactUpload;
import dev.ratchet.evaluation.v1.EvaluationReport;
import io.grpc.Channel;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Stores each finished evaluation's HTML report as an artifact of its run in tracking
 * ({@code evaluations/<id>/report.html}), after the evaluation has committed. Tracking being down
 * costs only the copy: the page stays served by this service at {@code /evaluations/<id>/report.html}.
 */
@ApplicationScoped
public class ReportUploader {
    private static final Logger LOG = Logger.getLogger(ReportUploader.class);

    /** Quarkus injects blocking and Mutiny stubs; the upload streams, so it takes the channel. */
    @GrpcClient("tracking")
    Channel tracking;

    @ConfigProperty(name = "ratchet.evaluation.report-upload", defaultValue = "true")
    boolean enabled;

    /** A report is ready to be shared; it is rendered only when it is uploaded, after the commit. */
    public record ReportReady(String runId, String evaluationId, EvaluationReport report) {
    }

    void upload(@Observes(during = TransactionPhase.AFTER_SUCCESS) ReportReady report) {
        if (!enabled) {
            return;
        }
        String path = "evaluations/" + report.evaluationId() + "/report.html";
        byte[] bytes = HtmlReport.render(report.report(), report.runId(), report.evaluationId())
                .getBytes(StandardCharsets.UTF_8);
        ArtifactUpload.start(tracking, report.runId(), path, "text/html; charset=utf-8", bytes, error ->
                LOG.warnf("Could not store %s of run %s in tracking (%s); it stays at /evaluations/%s/report.html",
                        path, report.runId(), error.getMessage(), report.evaluationId()));
    }
}
