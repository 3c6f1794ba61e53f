package dev.ratchet.cli;

import dev.ratchet.tracking.v1.Experiment;
import dev.ratchet.tracking.v1.ListExperimentsRequest;
import dev.ratchet.tracking.v1.ListExperimentsResponse;
import java.io.PrintWriter;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ratchet experiments}: every experiment, by name. */
@Command(name = "experiments", mixinStandardHelpOptions = true, description = "List the experiments.")
class ExperimentsCommand extends TableCommand {
    @Option(names = "--all", description = "archived ones too")
    boolean all;

    @Override
    public void run() {
        ListExperimentsResponse experiments = endpoints.tracking(tracking -> tracking.listExperiments(
                ListExperimentsRequest.newBuilder().setIncludeArchived(all).build()));
        PrintWriter out = out();
        if (printedJson(experiments)) {
            return;
        }
        out.printf("%-32s %-36s %-20s%n", "name", "id", "created");
        for (Experiment e : experiments.getExperimentsList()) {
            out.printf(
                    "%-32s %-36s %-20s%s%n",
                    e.getName(),
                    e.getExperimentId(),
                    Instant.ofEpochSecond(e.getCreateTime().getSeconds()),
                    e.getArchived() ? "  archived" : "");
        }
    }
}
