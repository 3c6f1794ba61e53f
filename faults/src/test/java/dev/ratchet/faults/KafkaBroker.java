package dev.ratchet.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Uuid;

/**
 * A real Kafka broker (KRaft, broker and controller in one) as a child process, on loopback ports,
 * run from this JVM's classpath; it can be stopped and started again on the same ports and data,
 * as an operator restarts a broker.
 */
final class KafkaBroker implements AutoCloseable {
    private final Path config;
    private final Path log;
    private final int port;
    private Process process;

    private KafkaBroker(Path config, Path log, int port) {
        this.config = config;
        this.log = log;
        this.port = port;
    }

    static KafkaBroker start(Path dir) throws Exception {
        int port = FreePorts.next();
        int controller = FreePorts.next();
        Path data = Files.createDirectories(dir.resolve("data"));
        Path config = dir.resolve("server.properties");
        Files.writeString(
                config,
                String.join(
                        "\n",
                        "process.roles=broker,controller",
                        "node.id=1",
                        "controller.quorum.voters=1@127.0.0.1:" + controller,
                        "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller,
                        "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                        "controller.listener.names=CONTROLLER",
                        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                        "log.dirs=" + data,
                        "num.partitions=3",
                        "offsets.topic.replication.factor=1",
                        "transaction.state.log.replication.factor=1",
                        "transaction.state.log.min.isr=1",
                        "group.initial.rebalance.delay.ms=0",
                        ""));
        Path log = dir.resolve("kafka.log");
        format(config, log);
        KafkaBroker broker = new KafkaBroker(config, log, port);
        broker.start();
        return broker;
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Starts the broker (again) and waits for its port. */
    synchronized void start() throws Exception {
        process = new ProcessBuilder(java(List.of(
                        "-Xmx512m", "-cp", System.getProperty("java.class.path"), "kafka.Kafka", config.toString())))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (!FreePorts.open(port)) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the broker did not open port " + port + "; see " + log);
            }
            Thread.sleep(200);
        }
    }

    /** An orderly stop (SIGTERM), as a rolling restart does. */
    synchronized void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            stop();
        }
    }

    private static void format(Path config, Path log) throws IOException, InterruptedException {
        Process format = new ProcessBuilder(java(List.of(
                        "-cp",
                        System.getProperty("java.class.path"),
                        "kafka.tools.StorageTool",
                        "format",
                        "-t",
                        Uuid.randomUuid().toString(),
                        "-c",
                        config.toString())))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        if (format.waitFor() != 0) {
            throw new IllegalStateException("formatting the broker's storage failed; see " + log);
        }
    }

    private static List<String> java(List<String> args) {
        return concat(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()), args);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
