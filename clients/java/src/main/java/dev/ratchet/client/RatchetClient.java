package dev.ratchet.client;

import dev.ratchet.tracking.v1.CreateRunRequest;
import dev.ratchet.tracking.v1.TrackingServiceGrpc;
import dev.ratchet.tracking.v1.TrackingServiceGrpc.TrackingServiceBlockingStub;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The entry point for training code: a connection to tracking, and loggers for runs. A job the
 * orchestrator started finds tracking's address and its run id in its environment
 * ({@code RATCHET_TRACKING_TARGET}, {@code RATCHET_RUN_ID}).
 */
public final class RatchetClient implements AutoCloseable {
    public static final String TRACKING_TARGET = "RATCHET_TRACKING_TARGET";
    public static final String RUN_ID = "RATCHET_RUN_ID";

    private final ManagedChannel channel;
    private final TrackingServiceBlockingStub tracking;
    private final Backoff backoff;

    private RatchetClient(ManagedChannel channel, Backoff backoff) {
        this.channel = channel;
        this.tracking = TrackingServiceGrpc.newBlockingStub(channel);
        this.backoff = backoff;
    }

    /** Plaintext gRPC to {@code target} (host:port), e.g. the local suite's 127.0.0.1:9101. */
    public static RatchetClient connect(String target) {
        return new RatchetClient(
                ManagedChannelBuilder.forTarget(target).usePlaintext().build(), Backoff.standard());
    }

    /** The tracking address from RATCHET_TRACKING_TARGET, else 127.0.0.1:9101. */
    public static RatchetClient fromEnvironment() {
        return connect(Optional.ofNullable(System.getenv(TRACKING_TARGET)).orElse("127.0.0.1:9101"));
    }

    /** The run id the orchestrator gave this process, if it started it. */
    public static Optional<String> runIdFromEnvironment() {
        return Optional.ofNullable(System.getenv(RUN_ID)).filter(id -> !id.isBlank());
    }

    /**
     * How often a run's system metrics are sampled: RATCHET_SYSTEM_METRICS_INTERVAL seconds (10 when
     * unset); empty when RATCHET_SYSTEM_METRICS is false, 0, no or off — the Python client's switches.
     */
    public static Optional<Duration> systemMetricsInterval() {
        String enabled = System.getenv()
                .getOrDefault("RATCHET_SYSTEM_METRICS", "true")
                .strip()
                .toLowerCase();
        if (List.of("false", "0", "no", "off").contains(enabled)) {
            return Optional.empty();
        }
        double seconds = Double.parseDouble(System.getenv().getOrDefault("RATCHET_SYSTEM_METRICS_INTERVAL", "10"));
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("RATCHET_SYSTEM_METRICS_INTERVAL must be a positive number of seconds");
        }
        return Optional.of(Duration.ofMillis(Math.round(seconds * 1000)));
    }

    public TrackingServiceBlockingStub tracking() {
        return tracking;
    }

    /** Logs an existing run (e.g. the one in RATCHET_RUN_ID): flushed every second or at 1,000 points. */
    public RunLogger run(String runId) {
        return new RunLogger(tracking, runId, Duration.ofSeconds(1), 1_000, backoff);
    }

    /** Creates a run in an experiment and logs it. */
    public RunLogger startRun(String experimentId, String name) {
        String runId = backoff.call(() -> tracking.createRun(CreateRunRequest.newBuilder()
                        .setExperimentId(experimentId)
                        .setName(name)
                        .build()))
                .getRun()
                .getRunId();
        return run(runId);
    }

    @Override
    public void close() {
        channel.shutdown();
        try {
            if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
                channel.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            channel.shutdownNow();
        }
    }
}
