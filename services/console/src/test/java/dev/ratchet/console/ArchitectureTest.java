package dev.ratchet.console;

import dev.ratchet.testing.ServiceArchitectureTest;
import java.util.List;

/**
 * No package cycles, no other service's code; each feature package serves its own pages, and only
 * {@code backend} (the calls), {@code health} and {@code web} (the error pages) handle gRPC.
 */
class ArchitectureTest extends ServiceArchitectureTest {
    @Override
    protected String root() {
        return "dev.ratchet.console";
    }

    @Override
    protected List<String> faces() {
        return List.of("compare", "dataset", "evaluation", "experiment", "live", "run", "study");
    }

    @Override
    protected List<String> grpcPackages() {
        return List.of("backend", "health", "web");
    }

    @Override
    protected List<Class<?>> configMappings() {
        return List.of(ConsoleConfig.class);
    }
}
