package dev.ratchet.cli;

import dev.ratchet.evaluation.v1.EvaluationServiceGrpc;
import dev.ratchet.evaluation.v1.SplitDatasetRequest;
import dev.ratchet.evaluation.v1.SplitDatasetResponse;
import dev.ratchet.evaluation.v1.SplitPart;
import dev.ratchet.evaluation.v1.SplitStrategy;
import io.grpc.ManagedChannel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ratchet data split FILE --by random|time|group|time-then-group ...}. */
@Command(name = "data", mixinStandardHelpOptions = true, description = "Work with datasets.",
        subcommands = DataCommand.Split.class)
class DataCommand {

    @Command(name = "split", mixinStandardHelpOptions = true,
            description = "Split a CSV file into train, validation and test files without leaks (the evaluation "
                    + "service writes them and proves them clean); prints each part with its rows and digest.")
    static class Split implements Runnable {
        @Mixin
        Endpoints endpoints;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "the CSV file to split")
        Path file;

        @Option(names = "--by", required = true, description = "random, time, group or time-then-group")
        String by;

        @Option(names = "--out", required = true, description = "the directory for train.csv, validation.csv, test.csv")
        Path out;

        @Option(names = "--label", description = "the label column (random and group splits stratify by it)")
        String label = "";

        @Option(names = "--time", description = "the time column (time splits)")
        String time = "";

        @Option(names = "--group", split = ",", description = "the entity columns (group splits), comma-separated")
        List<String> groups = List.of();

        @Option(names = "--id", split = ",", description = "row id columns, ignored when comparing rows")
        List<String> ids = List.of();

        @Option(names = "--validation-share", description = "validation share (default: 0.15 when both shares are 0)")
        double validation;

        @Option(names = "--test-share", description = "test share (default: 0.15 when both shares are 0)")
        double test;

        @Option(names = "--validation-from", description = "time splits: the first time of validation")
        String validationFrom = "";

        @Option(names = "--test-from", description = "time splits: the first time of test")
        String testFrom = "";

        @Option(names = "--gap", description = "time splits, numeric times: rows this close before a cut are dropped")
        double gap;

        @Option(names = "--seed", description = "the shuffle's seed (default: ${DEFAULT-VALUE})")
        long seed = 42;

        @Option(names = "--run", description = "record the parts on this run in tracking, as its datasets")
        String runId = "";

        @Override
        public void run() {
            SplitDatasetRequest request = SplitDatasetRequest.newBuilder()
                    .setUri(file.toAbsolutePath().toUri().toString())
                    .setOutputDir(out.toAbsolutePath().toString())
                    .setStrategy(strategy())
                    .setLabelColumn(label).setTimeColumn(time).addAllGroupColumns(groups).addAllIdColumns(ids)
                    .setValidationFraction(validation).setTestFraction(test)
                    .setValidationFrom(validationFrom).setTestFrom(testFrom).setTimeGap(gap)
                    .setSeed(seed).setRunId(runId)
                    .build();
            ManagedChannel channel = Endpoints.channel(endpoints.evaluation);
            try {
                SplitDatasetResponse response = EvaluationServiceGrpc.newBlockingStub(channel).splitDataset(request);
                PrintWriter output = spec.commandLine().getOut();
                for (SplitPart part : response.getPartsList()) {
                    output.printf("%-10s %8d rows  %s  %s%n", part.getRole(), part.getRows(), part.getDigest(),
                            part.getUri());
                }
                response.getWarningsList().forEach(w -> output.println("warning: " + w));
            } finally {
                Endpoints.close(channel);
            }
        }

        private SplitStrategy strategy() {
            return switch (by.toLowerCase(Locale.ROOT)) {
                case "random" -> SplitStrategy.SPLIT_STRATEGY_RANDOM;
                case "time" -> SplitStrategy.SPLIT_STRATEGY_TIME;
                case "group" -> SplitStrategy.SPLIT_STRATEGY_GROUP;
                case "time-then-group" -> SplitStrategy.SPLIT_STRATEGY_TIME_THEN_GROUP;
                default -> throw new ParameterException(spec.commandLine(),
                        "--by must be random, time, group or time-then-group, not '" + by + "'");
            };
        }
    }
}
