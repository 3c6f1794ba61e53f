package dev.ratchet.cli;

import dev.ratchet.tracking.v1.TrackingServiceGrpc.TrackingServiceBlockingStub;
import java.util.function.BiFunction;
import picocli.CommandLine.Mixin;

/** A command that calls the services, at the addresses {@code --tracking}, {@code --orchestrator}, … give. */
abstract class ServiceCommand extends CliCommand {
    @Mixin
    Endpoints endpoints;

    /** A call to tracking about the experiment named {@code name}: its id resolved first, on the same channel. */
    <T> T onExperiment(String name, BiFunction<TrackingServiceBlockingStub, String, T> call) {
        return endpoints.tracking(tracking ->
                call.apply(tracking, Experiments.byName(tracking, name, spec).getExperimentId()));
    }
}
