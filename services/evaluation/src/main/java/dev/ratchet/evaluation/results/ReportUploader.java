package dev.ratchet.evaluation.results;

import dev.ratchet.common.artifacts.ArtifactUpload;
import dev.ratchet.contract.events.Times;
import dev.ratchet.evaluation.EvaluationConfig;
import dev.ratchet.evaluation.report.HtmlReport;
import dev.ratchet.evaluation.v1.EvaluationReport;
import io.grpc.Channel;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * Stores each succeeded evaluation's HTML report in tracking as an artifact of its run
 * ({@code evaluations/<id>/report.html}). Durable: an evaluation is pending until tracking has the
 * report; the first attempt follows the commit, and a sweep retries the pending ones with backoff
 * (tracking down, the run not known to tracking yet) up to {@code ratchet.evaluation.report-upload-attempts}.
 * Uploads never run in the context of the gRPC call that asked for the evaluation. Meanwhile the
 * page is served by this service at {@code /evaluations/<id>/report.html}.
 */
@ApplicationScoped
public class ReportUploader {
    private static final Logger LOG = Logger.getLogger(ReportUploader.class);
    private static final int SWEEP_BATCH = 20;
    private static final Duration FIRST_RETRY = Duration.ofSeconds(2);
    private static final Duration LAST_RETRY = Duration.ofMinutes(10);

    /** Quarkus injects blocking and Mutiny stubs; the upload streams, so it takes the channel. */
    @GrpcClient("tracking")
    Channel tracking;

    @Inject
    EvaluationConfig config;

    private final ExecutorService uploader = Executors.newSingleThreadExecutor(r -> new Thread(r, "report-upload"));
    private final ReentrantLock sweeping = new ReentrantLock();

    /** An evaluation with a report has committed. */
    public record ReportReady(UUID evaluationId) {}

    void onCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) ReportReady ready) {
        if (config.reportUpload()) {
            uploader.execute(this::sweep);
        }
    }

    void onStop(@Observes ShutdownEvent stop) {
        uploader.shutdownNow();
    }

    /** Uploads the reports whose turn it is, one at a time. */
    @Scheduled(
            every = "${ratchet.evaluation.report-upload-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        if (!config.reportUpload() || !sweeping.tryLock()) {
            return;
        }
        try {
            for (UUID id : due()) {
                upload(id);
            }
        } catch (RuntimeException e) {
            LOG.warnf("Report uploads paused until the next sweep: %s", e.getMessage());
        } finally {
            sweeping.unlock();
        }
    }

    private List<UUID> due() {
        return QuarkusTransaction.requiringNew()
                .call(() -> Evaluation.<Evaluation>find(
                                "report is not null and reportStoredAt is null and reportUploadAttempts < ?1"
                                        + " and (reportNextUploadAt is null or reportNextUploadAt <= ?2) order by finishedAt",
                                config.reportUploadAttempts(),
                                Times.now())
                        .page(0, SWEEP_BATCH)
                        .stream()
                        .map(e -> e.id)
                        .toList());
    }

    private void upload(UUID id) {
        Evaluation evaluation = QuarkusTransaction.requiringNew().call(() -> Evaluation.findById(id));
        EvaluationReport report = Evaluations.report(evaluation).orElseThrow();
        String path = "evaluations/" + id + "/report.html";
        byte[] bytes = HtmlReport.render(report, evaluation.runId.toString(), id.toString())
                .getBytes(StandardCharsets.UTF_8);
        String failure = null;
        try {
            ArtifactUpload.start(tracking, evaluation.runId.toString(), path, "text/html; charset=utf-8", bytes)
                    .get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            failure = (e.getCause() == null ? e : e.getCause()).getMessage();
        }
        String error = failure;
        QuarkusTransaction.requiringNew().run(() -> {
            Evaluation row = Evaluation.findById(id);
            if (error == null) {
                row.reportStoredAt = Times.now();
                row.reportUploadError = null;
                return;
            }
            row.reportUploadAttempts++;
            row.reportUploadError = error;
            Duration wait = FIRST_RETRY.multipliedBy(1L << Math.min(row.reportUploadAttempts - 1, 20));
            row.reportNextUploadAt = Instant.now().plus(wait.compareTo(LAST_RETRY) > 0 ? LAST_RETRY : wait);
            if (row.reportUploadAttempts >= config.reportUploadAttempts()) {
                LOG.errorf(
                        "Gave up storing %s of run %s in tracking after %d attempts (%s); it stays at"
                                + " /evaluations/%s/report.html",
                        path, row.runId, row.reportUploadAttempts, error, id);
            } else {
                LOG.warnf(
                        "Could not store %s of run %s in tracking (%s); attempt %d of %d, next at %s",
                        path,
                        row.runId,
                        error,
                        row.reportUploadAttempts,
                        config.reportUploadAttempts(),
                        row.reportNextUploadAt);
            }
        });
    }
}
