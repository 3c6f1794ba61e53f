package dev.ratchet.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Points a Quarkus test application at the JVM's {@link LocalKafka} broker. Docker is not needed. */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", LocalKafka.bootstrapServers());
    }

    @Override
    public void stop() {
        // the broker outlives one application: other test classes in this JVM use it too
    }
}
