package dev.ratchet.cli;

import dev.ratchet.tracking.v1.Baseline;
import dev.ratchet.tracking.v1.GetBaselineRequest;
import dev.ratchet.tracking.v1.ListBaselineHistoryRequest;
import dev.ratchet.tracking.v1.ListBaselineHistoryResponse;
import dev.ratchet.tracking.v1.MetricDirection;
import dev.ratchet.tracking.v1.SetBaselineRequest;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ratchet baseline show|set|history --experiment NAME}: the bar every candidate must clear. */
@Command(
        name = "baseline",
        mixinStandardHelpOptions = true,
        description = "An experiment's baseline.",
        subcommands = {BaselineCommand.Show.class, BaselineCommand.Set.class, BaselineCommand.History.class})
class BaselineCommand {
    /** The experiment every baseline subcommand is about. */
    static class Common {
        @Option(names = "--experiment", required = true, description = "the experiment's name")
        String experiment;
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "The current baseline.")
    static class Show extends TableCommand {
        @Mixin
        Common common;

        @Override
        public void run() {
            Baseline baseline = onExperiment(
                    common.experiment,
                    (tracking, id) -> tracking.getBaseline(GetBaselineRequest.newBuilder()
                                    .setExperimentId(id)
                                    .build())
                            .getBaseline());
            print(baseline, this);
        }
    }

    @Command(
            name = "set",
            mixinStandardHelpOptions = true,
            description = "Make a run the baseline by hand, at its latest value of the metric.")
    static class Set extends TableCommand {
        @Mixin
        Common common;

        @Parameters(paramLabel = "RUN_ID", description = "the run")
        String runId;

        @Option(names = "--metric", required = true, description = "the primary metric, as the run logged it")
        String metric;

        @Option(names = "--lower-is-better", description = "the metric is a loss or an error")
        boolean lowerIsBetter;

        @Option(names = "--reason", required = true, description = "why it is set by hand")
        String reason;

        @Override
        public void run() {
            Baseline baseline = onExperiment(
                    common.experiment,
                    (tracking, id) -> tracking.setBaseline(SetBaselineRequest.newBuilder()
                                    .setExperimentId(id)
                                    .setRunId(runId)
                                    .setMetric(metric)
                                    .setReason(reason)
                                    .setDirection(
                                            lowerIsBetter
                                                    ? MetricDirection.METRIC_DIRECTION_MINIMIZE
                                                    : MetricDirection.METRIC_DIRECTION_MAXIMIZE)
                                    .build())
                            .getBaseline());
            print(baseline, this);
        }
    }

    @Command(name = "history", mixinStandardHelpOptions = true, description = "Every baseline, newest first.")
    static class History extends TableCommand {
        @Mixin
        Common common;

        @Override
        public void run() {
            ListBaselineHistoryResponse history = onExperiment(
                    common.experiment,
                    (tracking, id) -> tracking.listBaselineHistory(ListBaselineHistoryRequest.newBuilder()
                            .setExperimentId(id)
                            .build()));
            PrintWriter out = out();
            if (printedJson(history)) {
                return;
            }
            out.printf("%-20s %-36s %-24s %s%n", "since", "run", "metric", "why");
            for (Baseline b : history.getBaselinesList()) {
                out.printf(
                        Locale.ROOT,
                        "%-20s %-36s %-24s %s%n",
                        Instant.ofEpochSecond(b.getPromotedAt().getSeconds()),
                        b.getRunId(),
                        b.getMetric() + " " + String.format(Locale.ROOT, "%.4f", b.getValue()),
                        b.getReason());
            }
        }
    }

    private static void print(Baseline baseline, TableCommand command) {
        if (command.printedJson(baseline)) {
            return;
        }
        command.out()
                .printf(
                        Locale.ROOT,
                        "run     %s%nmetric  %s = %.6g (%s is better)%nsince   %s%nwhy     %s%n",
                        baseline.getRunId(),
                        baseline.getMetric(),
                        baseline.getValue(),
                        baseline.getDirection() == MetricDirection.METRIC_DIRECTION_MINIMIZE ? "lower" : "higher",
                        Instant.ofEpochSecond(baseline.getPromotedAt().getSeconds()),
                        baseline.getReason());
    }
}
