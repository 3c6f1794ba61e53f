package dev.ratchet.orchestrator.execution;

import dev.ratchet.common.artifacts.ArtifactUpload;
import dev.ratchet.orchestrator.OrchestratorConfig;
import io.grpc.Channel;
import io.grpc.Status;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/** Stores a local job's log in tracking as the run's artifact {@code logs/job.log}. */
@ApplicationScoped
public class JobLogUpload {
    private static final Logger LOG = Logger.getLogger(JobLogUpload.class);
    private static final int ATTEMPTS = 5;

    @GrpcClient("tracking")
    Channel tracking;

    @Inject
    OrchestratorConfig config;

    /** Uploads the run's log, if it wrote one here; in the background, without waiting. */
    void uploadIfPresent(UUID runId) {
        if (Files.exists(config.logDir().resolve(runId + ".log"))) {
            upload(runId, 1);
        }
    }

    /**
     * A short job can end before tracking has read its RunStarted from Kafka; NOT_FOUND is then
     * retried a few times, two seconds apart.
     */
    private void upload(UUID runId, int attempt) {
        Path log = config.logDir().resolve(runId + ".log");
        byte[] bytes = LocalProcessExecutor.tail(log, LocalProcessExecutor.MAX_LOG_UPLOAD)
                .getBytes(StandardCharsets.UTF_8);
        ArtifactUpload.start(tracking, runId.toString(), "logs/job.log", "text/plain; charset=utf-8", bytes)
                .exceptionally(error -> {
                    if (Status.fromThrowable(error).getCode() == Status.Code.NOT_FOUND && attempt < ATTEMPTS) {
                        CompletableFuture.delayedExecutor(2, TimeUnit.SECONDS)
                                .execute(() -> upload(runId, attempt + 1));
                    } else {
                        LOG.warnf(
                                "Could not store the log of run %s in tracking (%s); it stays at %s",
                                runId, error.getMessage(), log);
                    }
                    return null;
                });
    }
}
