package dev.ratchet.client;

import dev.ratchet.tracking.v1.Environment;
import dev.ratchet.tracking.v1.GitSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What a run ran on and from: the git commit of the working directory (and whether it had
 * uncommitted changes) and the machine, runtime and environment. Tracking redacts secret-looking
 * environment variables before it stores them.
 */
public final class RunContextCapture {
    private RunContextCapture() {}

    /** The repository holding {@code directory}, if it is one and git is installed. */
    public static Optional<GitSource> git(Path directory) {
        Optional<String> commit = git(directory, "rev-parse", "HEAD");
        if (commit.isEmpty()) {
            return Optional.empty();
        }
        GitSource.Builder git = GitSource.newBuilder().setCommit(commit.get());
        git(directory, "rev-parse", "--abbrev-ref", "HEAD").ifPresent(git::setBranch);
        git(directory, "config", "--get", "remote.origin.url").ifPresent(git::setRemote);
        git(directory, "status", "--porcelain", "--untracked-files=no").ifPresent(s -> git.setDirty(!s.isEmpty()));
        return Optional.of(git.build());
    }

    public static Environment environment() {
        Runtime runtime = Runtime.getRuntime();
        return Environment.newBuilder()
                .setOs(System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
                        + System.getProperty("os.arch") + ")")
                .setCpu(runtime.availableProcessors() + " cores")
                .setRuntime(System.getProperty("java.vm.name") + " " + System.getProperty("java.version"))
                .putAllVariables(System.getenv())
                .build();
    }

    /**
     * The process's resources so far, as {@code system/} metrics: CPU seconds, and on Linux the peak
     * resident memory (VmHWM) — the same names the Python client logs.
     */
    public static Map<String, Double> systemMetrics() {
        Map<String, Double> metrics = new LinkedHashMap<>();
        ProcessHandle.current()
                .info()
                .totalCpuDuration()
                .ifPresent(cpu -> metrics.put("system/cpu_seconds", cpu.toNanos() / 1e9));
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) { // "VmHWM:   123456 kB"
                    metrics.put("system/max_rss_mib", Double.parseDouble(line.replaceAll("[^0-9]", "")) / 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: CPU time only
        }
        return metrics;
    }

    private static Optional<String> git(Path directory, String... args) {
        try {
            Process process = new ProcessBuilder(concat(args))
                    .directory(directory.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return Optional.empty();
            }
            return Optional.of(out);
        } catch (IOException e) {
            return Optional.empty(); // no git here
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static List<String> concat(String... args) {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        return command;
    }
}
