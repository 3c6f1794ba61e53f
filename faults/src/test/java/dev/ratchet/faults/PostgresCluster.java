package dev.ratchet.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster of the tests' own (initdb into a fresh directory, trust auth, a free loopback
 * port), so that it can be stopped and started mid-test without touching the machine's server.
 * The server refuses to run as root: as root the binaries run as the {@code postgres} user.
 */
final class PostgresCluster implements AutoCloseable {
    private final Path bin;
    private final Path data;
    private final Path log;
    private final int port;

    private PostgresCluster(Path bin, Path data, Path log, int port) {
        this.bin = bin;
        this.data = data;
        this.log = log;
        this.port = port;
    }

    static PostgresCluster create() throws Exception {
        Path bin;
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            bin = versions.sorted().reduce((a, b) -> b).orElseThrow().resolve("bin");
        }
        Path dir = Files.createTempDirectory(
                "ratchet-faults-pg-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Path data = dir.resolve("data");
        Path log = dir.resolve("postgres.log");
        if (isRoot()) {
            run(List.of("chown", "postgres:postgres", dir.toString()));
        }
        PostgresCluster cluster = new PostgresCluster(bin, data, log, FreePorts.next());
        cluster.asOwner(List.of(
                bin.resolve("initdb").toString(),
                "-D",
                data.toString(),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-sync"));
        cluster.start();
        try (Connection c = DriverManager.getConnection(cluster.url("postgres"), "postgres", "")) {
            c.createStatement().execute("create database ratchet");
        }
        return cluster;
    }

    String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Starts the server (again) and waits until it takes connections. */
    void start() throws Exception {
        asOwner(List.of(
                bin.resolve("pg_ctl").toString(),
                "-D",
                data.toString(),
                "-l",
                log.toString(),
                "-w",
                "-o",
                "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + data
                        + " -c fsync=off -c max_connections=200",
                "start"));
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (true) {
            try (Connection c = DriverManager.getConnection(url("postgres"), "postgres", "")) {
                return;
            } catch (Exception e) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("PostgreSQL did not come up; see " + log, e);
                }
                Thread.sleep(200);
            }
        }
    }

    /** Stops the server the way a restart does: open connections are terminated (fast shutdown). */
    void stop() throws Exception {
        asOwner(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop"));
    }

    @Override
    public void close() throws Exception {
        try {
            stop();
        } catch (RuntimeException e) {
            // already stopped
        }
    }

    private void asOwner(List<String> command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Process process = new ProcessBuilder(full)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        log.getParent().resolve("pg_ctl.log").toFile()))
                .start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed; see "
                    + log.getParent().resolve("pg_ctl.log"));
        }
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        if (new ProcessBuilder(command).inheritIO().start().waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
