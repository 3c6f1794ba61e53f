package dev.ratchet.client;

import com.google.protobuf.Timestamp;
import dev.ratchet.events.v1.MetricContext;
import dev.ratchet.events.v1.MetricPoint;
import dev.ratchet.events.v1.ParamValue;
import dev.ratchet.tracking.v1.DatasetInput;
import dev.ratchet.tracking.v1.DatasetRole;
import dev.ratchet.tracking.v1.LogBatchRequest;
import dev.ratchet.tracking.v1.LogRunContextRequest;
import dev.ratchet.tracking.v1.RunStatus;
import dev.ratchet.tracking.v1.TrackingServiceGrpc.TrackingServiceBlockingStub;
import dev.ratchet.tracking.v1.UpdateRunRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Logs one run. Metric points are stamped when logged and sent in batches by a background thread
 * (every {@code flushInterval}, or at once when {@code batchSize} are waiting), so a training loop
 * never waits for the network; a batch that fails for a passing reason is retried with backoff,
 * and because tracking identifies a point by (key, context, step, timestamp) a retry never
 * duplicates one. Params, tags, datasets and the context are sent at once.
 */
public final class RunLogger implements AutoCloseable {
    static final int MAX_BATCH = 10_000;

    private final TrackingServiceBlockingStub tracking;
    private final String runId;
    private final int batchSize;
    private final Backoff backoff;
    private final ScheduledExecutorService flusher;
    private final Object sending = new Object();
    private List<MetricPoint> waiting = new ArrayList<>();
    private RuntimeException flushFailure;
    private boolean systemMetricsLogged;
    private SystemMetrics system;
    private ScheduledFuture<?> sampling;
    private long systemStep;

    RunLogger(
            TrackingServiceBlockingStub tracking,
            String runId,
            Duration flushInterval,
            int batchSize,
            Backoff backoff) {
        if (batchSize < 1 || batchSize > MAX_BATCH) {
            throw new IllegalArgumentException("batchSize must be 1 to " + MAX_BATCH);
        }
        this.tracking = tracking;
        this.runId = runId;
        this.batchSize = batchSize;
        this.backoff = backoff;
        this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "ratchet-run-logger");
            thread.setDaemon(true);
            return thread;
        });
        flusher.scheduleWithFixedDelay(
                this::flushQuietly, flushInterval.toMillis(), flushInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public String runId() {
        return runId;
    }

    /** Buffers a point, stamped now. */
    public void logMetric(String key, double value, long step, MetricContext context) {
        Instant now = Instant.now();
        MetricPoint point = MetricPoint.newBuilder()
                .setKey(key)
                .setValue(value)
                .setStep(step)
                .setContext(context)
                .setTimestamp(
                        Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
                .build();
        boolean full;
        synchronized (this) {
            waiting.add(point);
            full = waiting.size() >= batchSize;
        }
        if (full) {
            flusher.execute(this::flushQuietly);
        }
    }

    /** Hyperparameters with their types: numbers, booleans, and anything else as text. */
    public void logParams(Map<String, ?> params) {
        LogBatchRequest.Builder request = LogBatchRequest.newBuilder().setRunId(runId);
        params.forEach((key, value) -> request.putTypedParams(key, typed(value)));
        send(request.build());
    }

    public void setTags(Map<String, String> tags) {
        send(LogBatchRequest.newBuilder().setRunId(runId).putAllTags(tags).build());
    }

    /** Records a CSV file the run used, with its SHA-256 digest and data rows. */
    public void logDataset(Path file, DatasetRole role) {
        DatasetInput dataset = DatasetInput.newBuilder()
                .setUri(file.toAbsolutePath().toUri().toString())
                .setDigest(sha256(file))
                .setRowCount(dataRows(file))
                .setRole(role)
                .build();
        backoff.call(() -> tracking.logRunContext(LogRunContextRequest.newBuilder()
                .setRunId(runId)
                .addDatasets(dataset)
                .build()));
    }

    /** Records the git commit of {@code workingDir}, this machine and environment, the seed and the command. */
    public void logContext(Path workingDir, long seed, String command) {
        LogRunContextRequest.Builder context = LogRunContextRequest.newBuilder()
                .setRunId(runId)
                .setEnvironment(RunContextCapture.environment())
                .setSeed(seed)
                .setCommand(command);
        RunContextCapture.git(workingDir).ifPresent(context::setGit);
        backoff.call(() -> tracking.logRunContext(context.build()));
    }

    /**
     * Logs {@code sampler}'s samples every {@code interval} on the logger's thread, as {@code system/}
     * series with the sample number as the step, until the run ends (one last sample then).
     */
    public synchronized void watchSystem(SystemMetrics sampler, Duration interval) {
        if (system != null) {
            throw new IllegalStateException("this run already logs system metrics");
        }
        system = sampler;
        sampler.sample(); // the baseline of the rates
        sampling = flusher.scheduleWithFixedDelay(
                this::sampleSystem, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Reports samples (rows, images, tokens) the training loop processed: system/samples_per_second. */
    public void countSamples(long samples) {
        SystemMetrics sampler;
        synchronized (this) {
            sampler = system;
        }
        if (sampler != null) {
            sampler.count(samples);
        }
    }

    private void sampleSystem() {
        SystemMetrics sampler;
        long step;
        synchronized (this) {
            sampler = system;
            step = systemStep++;
        }
        if (sampler != null) {
            sampler.sample()
                    .forEach((key, value) -> logMetric(key, value, step, MetricContext.METRIC_CONTEXT_UNSPECIFIED));
        }
    }

    /** Sends the waiting points now; throws what a background flush could not recover from. */
    public void flush() {
        flushNow();
        synchronized (this) {
            if (flushFailure != null) {
                RuntimeException failure = flushFailure;
                flushFailure = null;
                throw failure;
            }
        }
    }

    /** Flushes and marks the run FINISHED. */
    public void finish() {
        end(RunStatus.RUN_STATUS_FINISHED, "");
    }

    /** Flushes what it can and marks the run FAILED with the reason. */
    public void fail(String message) {
        end(RunStatus.RUN_STATUS_FAILED, message);
    }

    /**
     * Logs the process's system metrics (once), flushes and stops the background thread; the run's
     * status is left as it is (the orchestrator owns the status of the runs it started).
     */
    @Override
    public void close() {
        try {
            logSystemMetrics();
            flush();
        } finally {
            flusher.shutdown();
        }
    }

    private void end(RunStatus status, String message) {
        try {
            logSystemMetrics();
            flush();
        } finally {
            backoff.call(() -> tracking.updateRun(UpdateRunRequest.newBuilder()
                    .setRunId(runId)
                    .setStatus(status)
                    .setMessage(message)
                    .build()));
        }
    }

    private void logSystemMetrics() {
        if (!systemMetricsLogged) {
            systemMetricsLogged = true;
            if (sampling != null) {
                sampling.cancel(false); // no sample after the last one
                sampleSystem();
            }
            RunContextCapture.systemMetrics()
                    .forEach((key, value) -> logMetric(key, value, 0, MetricContext.METRIC_CONTEXT_UNSPECIFIED));
        }
    }

    private void flushQuietly() {
        try {
            flushNow();
        } catch (RuntimeException e) {
            synchronized (this) {
                flushFailure = e; // reported by the next flush() the caller makes
            }
        }
    }

    private void flushNow() {
        synchronized (sending) {
            List<MetricPoint> batch;
            synchronized (this) {
                batch = waiting;
                waiting = new ArrayList<>();
            }
            for (int start = 0; start < batch.size(); start += MAX_BATCH) {
                // one id per batch, the same on every retry of it (the points carry their own times too)
                send(LogBatchRequest.newBuilder()
                        .setRunId(runId)
                        .setBatchId(UUID.randomUUID().toString())
                        .addAllMetrics(batch.subList(start, Math.min(batch.size(), start + MAX_BATCH)))
                        .build());
            }
        }
    }

    private void send(LogBatchRequest request) {
        backoff.call(() -> tracking.withDeadlineAfter(30, TimeUnit.SECONDS).logBatch(request));
    }

    static ParamValue typed(Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return ParamValue.newBuilder()
                    .setIntValue(((Number) value).longValue())
                    .build();
        }
        if (value instanceof Number number) {
            return ParamValue.newBuilder().setDoubleValue(number.doubleValue()).build();
        }
        if (value instanceof Boolean flag) {
            return ParamValue.newBuilder().setBoolValue(flag).build();
        }
        return ParamValue.newBuilder().setStringValue(String.valueOf(value)).build();
    }

    private static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return "sha256:" + HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Lines after the header; a CSV with quoted line breaks would count more (a digest, not a parser). */
    private static long dataRows(Path file) {
        try (var lines = Files.lines(file)) {
            return Math.max(0, lines.count() - 1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
