package dev.ratchet.orchestrator.execution;

import dev.ratchet.orchestration.v1.JobTemplate;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/**
 * Runs jobs as processes on this machine: stdout and stderr into one log file per run, the exit
 * reported with the log's tail, and a stop that takes the whole process tree (a training script's
 * data-loader workers included). Knows only the processes this JVM started; the queue above it keeps
 * the durable state.
 */
public class LocalProcessExecutor implements Executor {
    /** How much of a log's end is kept with the exit. */
    static final int TAIL_BYTES = 4096;
    /** How much of a log's end is stored in tracking. */
    static final int MAX_LOG_UPLOAD = 8 << 20;

    private final Map<UUID, Process> running = new ConcurrentHashMap<>();
    private final long stopGraceMillis;

    public LocalProcessExecutor(long stopGraceMillis) {
        this.stopGraceMillis = stopGraceMillis;
    }

    @Override
    public Started start(UUID runId, JobTemplate job, JobTemplates.Launch launch, BiConsumer<UUID, Exit> onExit)
            throws IOException {
        Files.createDirectories(launch.logFile().getParent());
        if (launch.paramsFile().isPresent()) {
            Files.writeString(
                    launch.paramsFile().get().path(), launch.paramsFile().get().json());
        }
        ProcessBuilder builder = new ProcessBuilder(launch.command())
                .directory(launch.workingDir().toFile())
                .redirectErrorStream(true)
                .redirectOutput(
                        ProcessBuilder.Redirect.appendTo(launch.logFile().toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(launch.env());
        Process process = builder.start();
        running.put(runId, process);
        process.onExit().thenAccept(p -> {
            running.remove(runId);
            onExit.accept(runId, new Exit(p.exitValue(), tail(launch.logFile(), TAIL_BYTES)));
        });
        return new Started(process.pid(), process.info().startInstant().orElse(Instant.now()));
    }

    /** Stops a run's process tree, if this JVM runs it: TERM first, KILL after the grace period, in the background. */
    @Override
    public boolean stop(UUID runId) {
        Process process = running.get(runId);
        if (process == null) {
            return false;
        }
        CompletableFuture.runAsync(() -> stopTree(process.toHandle(), stopGraceMillis));
        return true;
    }

    @Override
    public int runningCount() {
        return running.size();
    }

    /**
     * Stops a process another JVM started (this service before a restart) — only when the pid still
     * belongs to the process that was recorded, never to a process that reused the pid.
     */
    public static boolean stopOrphan(long pid, Instant startInstant, long graceMillis) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(h -> h.info()
                        .startInstant()
                        .map(s -> Math.abs(s.toEpochMilli() - startInstant.toEpochMilli()) < 1000)
                        .orElse(false));
        handle.ifPresent(h -> stopTree(h, graceMillis));
        return handle.isPresent();
    }

    private static void stopTree(ProcessHandle root, long graceMillis) {
        // Children first, collected before anything dies: an orphaned child is re-parented and lost.
        List<ProcessHandle> tree =
                Stream.concat(root.descendants(), Stream.of(root)).toList();
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMillis);
        for (ProcessHandle handle : tree) {
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                handle.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                handle.destroyForcibly();
            }
        }
    }

    /** The log's last {@code maxBytes}, from a line start where there is one; empty when it cannot be read. */
    static String tail(Path log, int maxBytes) {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long length = file.length();
            long from = Math.max(0, length - maxBytes);
            byte[] bytes = new byte[(int) (length - from)];
            file.seek(from);
            file.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8);
            int newline = text.indexOf('\n');
            return from > 0 && newline >= 0 ? text.substring(newline + 1) : text;
        } catch (IOException e) {
            return "";
        }
    }
}
