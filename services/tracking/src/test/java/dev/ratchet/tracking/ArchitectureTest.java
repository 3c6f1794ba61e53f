package dev.ratchet.tracking;

import dev.ratchet.testing.ServiceArchitectureTest;
import java.util.List;

/** No package cycles, no other service's code; gRPC and HTTP served only from api and mlflow. */
class ArchitectureTest extends ServiceArchitectureTest {
    @Override
    protected String root() {
        return "dev.ratchet.tracking";
    }

    @Override
    protected List<String> faces() {
        return List.of("api", "mlflow");
    }

    @Override
    protected List<Class<?>> configMappings() {
        return List.of(TrackingConfig.class);
    }
}
