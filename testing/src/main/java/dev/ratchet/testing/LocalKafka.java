package dev.ratchet.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * One real Kafka broker (KRaft, combined broker and controller, listening on 127.0.0.1) per JVM,
 * started on first use and gone with the JVM. Shared by every test in the JVM: start-up costs
 * seconds, and the tests isolate themselves by their own ids. It is not closed in a shutdown hook:
 * Kafka's orderly shutdown races the test JVM's exit and makes the fork fail; its data lives under
 * {@code target/} and goes with {@code mvn clean}.
 */
public final class LocalKafka {
    private static KafkaClusterTestKit cluster;

    private LocalKafka() {}

    /** The bootstrap servers of the running broker, starting it if needed. */
    public static synchronized String bootstrapServers() {
        if (cluster == null) {
            cluster = start();
        }
        return cluster.bootstrapServers();
    }

    private static KafkaClusterTestKit start() {
        try {
            Path dataDir = Files.createDirectories(Path.of("target", "kafka"));
            KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                            .setBaseDirectory(Files.createTempDirectory(dataDir, "broker-"))
                            .setCombined(true)
                            .setNumBrokerNodes(1)
                            .setNumControllerNodes(1)
                            .build())
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("auto.create.topics.enable", "true")
                    .setConfigProp("num.partitions", "3")
                    .build();
            kit.format();
            kit.startup();
            kit.waitForReadyBrokers();
            return kit;
        } catch (Exception e) {
            throw new IllegalStateException("could not start the local Kafka broker", e);
        }
    }
}
