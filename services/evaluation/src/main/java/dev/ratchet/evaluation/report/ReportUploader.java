package dev.ratchet.evaluation.report;

import com.google.protobuf.ByteString;
import dev.ratchet.evaluation.v1.EvaluationReport;
import dev.ratchet.tracking.v1.ArtifactHeader;
import dev.ratchet.tracking.v1.TrackingServiceGrpc;
import dev.ratchet.tracking.v1.UploadArtifactRequest;
import dev.ratchet.tracking.v1.UploadArtifactResponse;
import io.grpc.Channel;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
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
    private static final int CHUNK = 1 << 20;

    /** Quarkus injects blocking and Mutiny stubs; the upload streams, so it builds the async stub on the channel. */
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
        StreamObserver<UploadArtifactRequest> upload = TrackingServiceGrpc.newStub(tracking)
                .withDeadlineAfter(30, TimeUnit.SECONDS)
                .uploadArtifact(new StreamObserver<>() {
                    @Override
                    public void onNext(UploadArtifactResponse response) {
                        LOG.debugf("Stored %s of run %s in tracking", path, report.runId());
                    }

                    @Override
                    public void onError(Throwable t) {
                        LOG.warnf("Could not store %s of run %s in tracking (%s); it stays at"
                                + " /evaluations/%s/report.html", path, report.runId(), t.getMessage(),
                                report.evaluationId());
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
        upload.onNext(UploadArtifactRequest.newBuilder().setHeader(ArtifactHeader.newBuilder()
                .setRunId(report.runId()).setPath(path).setContentType("text/html; charset=utf-8")).build());
        byte[] bytes = HtmlReport.render(report.report(), report.runId(), report.evaluationId())
                .getBytes(StandardCharsets.UTF_8);
        for (int offset = 0; offset < bytes.length; offset += CHUNK) {
            upload.onNext(UploadArtifactRequest.newBuilder()
                    .setChunk(ByteString.copyFrom(bytes, offset, Math.min(CHUNK, bytes.length - offset))).build());
        }
        upload.onCompleted();
    }
}
