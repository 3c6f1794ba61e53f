package dev.ratchet.common.health;

import dev.ratchet.common.RuntimeConfig;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the broker, answered within {@code ratchet.health.kafka-timeout}: Quarkus' own
 * check waited on describeCluster without a bound, and with the broker away readiness gave no
 * answer for a minute (a probe's timeout, not a 503) instead of saying DOWN.
 */
@Readiness
@ApplicationScoped
public class KafkaHealth implements HealthCheck {
    private final Admin admin;
    private final Duration timeout;

    KafkaHealth(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers, RuntimeConfig config) {
        this.timeout = config.health().kafkaTimeout();
        int millis = (int) timeout.toMillis();
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "ratchet-health",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis));
    }

    void onStop(@Observes ShutdownEvent stop) {
        admin.close(Duration.ofSeconds(1));
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder health = HealthCheckResponse.named("Kafka broker");
        try {
            Collection<Node> nodes = admin.describeCluster(
                            new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                    .nodes()
                    .get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
            return health.up()
                    .withData(
                            "nodes",
                            nodes.stream().map(n -> n.host() + ":" + n.port()).collect(Collectors.joining(",")))
                    .build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return health.down().withData("reason", "interrupted").build();
        } catch (Exception e) {
            return health.down()
                    .withData(
                            "reason",
                            "no answer from the broker within " + timeout.toMillis() + " ms: " + e.getMessage())
                    .build();
        }
    }
}
