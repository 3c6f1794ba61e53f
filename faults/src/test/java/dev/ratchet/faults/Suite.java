package dev.ratchet.faults;

import dev.ratchet.evaluation.v1.EvaluationServiceGrpc;
import dev.ratchet.orchestration.v1.OrchestrationServiceGrpc;
import dev.ratchet.testing.ServiceProcess;
import dev.ratchet.tracking.v1.TrackingServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole suite, each part a process the tests can kill or restart: a Kafka broker, a PostgreSQL
 * cluster and the three packaged services, each on its own loopback ports, started once for the
 * fault tests of this JVM.
 */
final class Suite implements AutoCloseable {
    static final List<String> SERVICES = List.of("tracking", "orchestrator", "evaluation");

    final KafkaBroker broker;
    final PostgresCluster database;
    private final Map<String, ServiceProcess> services = new HashMap<>();
    private final Map<String, int[]> ports = new HashMap<>();
    private final Map<String, String> env;
    private final List<ManagedChannel> channels = new ArrayList<>();
    private final List<ServiceProcess> extra = new ArrayList<>();

    private Suite(KafkaBroker broker, PostgresCluster database, Map<String, String> env) {
        this.broker = broker;
        this.database = database;
        this.env = env;
    }

    static Suite start() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "faults"));
        KafkaBroker broker = KafkaBroker.start(Files.createTempDirectory(dir, "kafka-"));
        PostgresCluster database = PostgresCluster.create();
        int trackingGrpc = FreePorts.next();
        Map<String, String> env = new HashMap<>(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                "RATCHET_DB_URL", database.url("ratchet"),
                "RATCHET_DB_USER", "postgres",
                "RATCHET_ARTIFACTS_ROOT",
                        Files.createTempDirectory(dir, "artifacts-")
                                .toAbsolutePath()
                                .toString(),
                "RATCHET_TRACKING_GRPC_PORT", Integer.toString(trackingGrpc),
                "RATCHET_ORCHESTRATOR_LOG_DIR",
                        dir.resolve("jobs").toAbsolutePath().toString()));
        Suite suite = new Suite(broker, database, env);
        suite.ports.put("tracking", new int[] {FreePorts.next(), trackingGrpc});
        suite.ports.put("orchestrator", new int[] {FreePorts.next(), FreePorts.next()});
        suite.ports.put("evaluation", new int[] {FreePorts.next(), FreePorts.next()});
        for (String name : SERVICES) {
            suite.startService(name);
        }
        for (String name : SERVICES) {
            suite.service(name).awaitReady(Duration.ofMinutes(3));
        }
        return suite;
    }

    ServiceProcess service(String name) {
        return services.get(name);
    }

    /** Starts (or starts again) a service on its ports; does not wait for it. */
    ServiceProcess startService(String name) throws Exception {
        ServiceProcess process = ServiceProcess.start(name, ports.get(name)[0], ports.get(name)[1], env);
        services.put(name, process);
        return process;
    }

    /** Another replica of a service, on ports of its own, in the same consumer group; waits until it is ready. */
    ServiceProcess replica(String name) throws Exception {
        ServiceProcess process = ServiceProcess.start(name, FreePorts.next(), FreePorts.next(), env);
        extra.add(process);
        process.awaitReady(Duration.ofMinutes(3));
        return process;
    }

    /** Kills a service at once (SIGKILL) and starts it again; waits until it is ready. */
    void crash(String name) throws Exception {
        service(name).kill();
        startService(name).awaitReady(Duration.ofMinutes(3));
    }

    ManagedChannel channel(String name) {
        ManagedChannel channel = ManagedChannelBuilder.forTarget("127.0.0.1:" + ports.get(name)[1])
                .usePlaintext()
                .build();
        channels.add(channel);
        return channel;
    }

    TrackingServiceGrpc.TrackingServiceBlockingStub tracking() {
        return TrackingServiceGrpc.newBlockingStub(channel("tracking"));
    }

    OrchestrationServiceGrpc.OrchestrationServiceBlockingStub orchestrator() {
        return OrchestrationServiceGrpc.newBlockingStub(channel("orchestrator"));
    }

    EvaluationServiceGrpc.EvaluationServiceBlockingStub evaluation() {
        return EvaluationServiceGrpc.newBlockingStub(channel("evaluation"));
    }

    String httpAddress(String name) {
        return "http://127.0.0.1:" + ports.get(name)[0];
    }

    /** A number from the suite's database, e.g. a count of stored points. */
    long count(String sql, Object... params) throws Exception {
        try (Connection c = DriverManager.getConnection(database.url("ratchet"), "postgres", "");
                var statement = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    @Override
    public void close() throws Exception {
        channels.forEach(ManagedChannel::shutdownNow);
        for (ServiceProcess service : services.values()) {
            service.close();
        }
        for (ServiceProcess service : extra) {
            service.close();
        }
        broker.close();
        database.close();
    }
}
