package dev.ratchet.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * One packaged Ratchet service running as its own JVM process, on loopback ports, with the heap
 * {@code bin/ratchet local up} gives it (the end-to-end and fault tests run the default configuration).
 */
public final class ServiceProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String name;
    private final int httpPort;
    private final int grpcPort;
    private final Process process;
    private final Path log;

    private ServiceProcess(String name, int httpPort, int grpcPort, Process process, Path log) {
        this.name = name;
        this.httpPort = httpPort;
        this.grpcPort = grpcPort;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code services/<name>/target/quarkus-app/quarkus-run.jar} with the given environment. */
    public static ServiceProcess start(String name, int httpPort, int grpcPort, Map<String, String> env)
            throws IOException {
        Path servicesDir = Path.of(System.getProperty("ratchet.services.dir", "../services"));
        Path jar = servicesDir.resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first (./mvnw verify does)");
        }
        Path log = Files.createDirectories(Path.of("target", "service-logs")).resolve(name + ".log");
        String prefix = "RATCHET_" + name.toUpperCase() + "_";
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx" + (name.equals("evaluation") ? "768m" : "384m"),
                        "-jar",
                        jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        builder.environment().put(prefix + "HTTP_PORT", Integer.toString(httpPort));
        builder.environment().put(prefix + "GRPC_PORT", Integer.toString(grpcPort));
        return new ServiceProcess(name, httpPort, grpcPort, builder.start(), log);
    }

    /** Kills the process at once (SIGKILL), as a crash or an OOM kill would: no shutdown hook runs. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public int httpPort() {
        return httpPort;
    }

    public int grpcPort() {
        return grpcPort;
    }

    /** Waits until the readiness check (database and Kafka) answers UP. */
    public void awaitReady(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            if (readiness() == 200) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(name + " not ready after " + timeout + "; see " + log);
    }

    /** The HTTP status of the readiness check, or -1 when it does not answer. */
    public int readiness() throws InterruptedException {
        try {
            return HTTP.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready"))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
