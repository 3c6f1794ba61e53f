package dev.ratchet.cli;

import dev.ratchet.tracking.v1.Experiment;
import dev.ratchet.tracking.v1.ListExperimentsRequest;
import dev.ratchet.tracking.v1.TrackingServiceGrpc.TrackingServiceBlockingStub;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Experiments are named on the command line; the API wants ids. */
final class Experiments {
    private Experiments() {}

    static Experiment byName(TrackingServiceBlockingStub tracking, String name, CommandSpec spec) {
        return tracking
                .listExperiments(ListExperimentsRequest.newBuilder()
                        .setIncludeArchived(true)
                        .build())
                .getExperimentsList()
                .stream()
                .filter(e -> e.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new CommandLine.ParameterException(
                        spec.commandLine(), "no experiment named '" + name + "'; `ratchet experiments` lists them"));
    }
}
