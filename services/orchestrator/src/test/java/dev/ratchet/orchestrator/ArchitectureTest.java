package dev.ratchet.orchestrator;

import dev.ratchet.testing.ServiceArchitectureTest;
import java.util.List;

/** No package cycles, no other service's code; gRPC and HTTP served only from api. */
class ArchitectureTest extends ServiceArchitectureTest {
    @Override
    protected String root() {
        return "dev.ratchet.orchestrator";
    }

    @Override
    protected List<String> faces() {
        return List.of("api");
    }

    @Override
    protected List<Class<?>> configMappings() {
        return List.of(OrchestratorConfig.class);
    }
}
