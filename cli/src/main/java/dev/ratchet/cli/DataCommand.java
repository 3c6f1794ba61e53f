package dev.ratchet.cli;

import dev.ratchet.evaluation.v1.ProfileDatasetRequest;
import dev.ratchet.evaluation.v1.ProfileDatasetResponse;
import dev.ratchet.evaluation.v1.ProfiledFile;
import dev.ratchet.evaluation.v1.SplitDatasetRequest;
import dev.ratchet.evaluation.v1.SplitDatasetResponse;
import dev.ratchet.evaluation.v1.SplitPart;
import dev.ratchet.evaluation.v1.SplitStrategy;
import dev.ratchet.tracking.v1.DatasetInput;
import dev.ratchet.tracking.v1.DatasetRole;
import dev.ratchet.tracking.v1.GetRunRequest;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code ratchet data split FILE --by ...} and {@code ratchet data profile [ROLE=]FILE...}. */
@Command(
        name = "data",
        mixinStandardHelpOptions = true,
        description = "Work with datasets.",
        subcommands = {DataCommand.Split.class, DataCommand.Profile.class})
class DataCommand {
    private static final List<String> SPLIT_ROLES = List.of("train", "validation", "test");

    @Command(
            name = "profile",
            mixinStandardHelpOptions = true,
            description = "Profile a CSV file, or the parts of a split side by side (the evaluation service computes "
                    + "it and tracking keeps it, so the same files are profiled once): per column its type, missing "
                    + "values, distinct values and how far each part is from the first (PSI); then the warnings and "
                    + "the address of the HTML page with the histograms.")
    static class Profile extends TableCommand {
        @Parameters(
                paramLabel = "[ROLE=]FILE",
                arity = "0..*",
                description = "the files: one, or train=FILE validation=FILE test=FILE (without roles, several "
                        + "files are train, validation, test in that order)")
        List<String> files = List.of();

        @Option(names = "--run", description = "profile the datasets this run recorded in tracking, with their roles")
        String runId = "";

        @Option(names = "--label", description = "the label column")
        String label = "";

        @Option(
                names = "--id",
                split = ",",
                description = "columns that should name one entity each (checked for "
                        + "reuse, not compared), comma-separated")
        List<String> ids = List.of();

        @Option(
                names = "--min-slice-rows",
                description = "a value with fewer rows in a part is too small to measure " + "there (default 30)")
        long minSliceRows;

        @Option(names = "--html", description = "also save the HTML page to this file")
        Path html;

        @Override
        public void run() {
            ProfileDatasetRequest.Builder request = ProfileDatasetRequest.newBuilder()
                    .setLabelColumn(label)
                    .addAllIdColumns(ids)
                    .setMinSliceRows(minSliceRows);
            if (files.isEmpty() == runId.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "give the files to profile or --run, not both");
            }
            if (!runId.isEmpty()) {
                runDatasets().forEach(request::addFiles);
            }
            for (int i = 0; i < files.size(); i++) {
                String file = files.get(i);
                int equals = file.indexOf('=');
                String role = equals > 0
                        ? file.substring(0, equals)
                        : files.size() == 1 ? "data" : i < SPLIT_ROLES.size() ? SPLIT_ROLES.get(i) : "part" + (i + 1);
                Path path = Path.of(equals > 0 ? file.substring(equals + 1) : file);
                request.addFiles(ProfiledFile.newBuilder()
                        .setRole(role)
                        .setUri(path.toAbsolutePath().toUri().toString()));
            }
            ProfileDatasetResponse response =
                    endpoints.evaluation(evaluation -> evaluation.profileDataset(request.build()));
            String page = "http://" + endpoints.evaluationHttp + response.getReportPath();
            PrintWriter out = out();
            if (!printedJson(response)) {
                ProfileTable.print(response.getProfile(), out);
                out.println("report: " + page + (response.getCached() ? "  (profiled before)" : ""));
            }
            if (html != null) {
                out.println("saved: " + Pages.save(endpoints.evaluationHttp, response.getReportPath(), html));
            }
        }

        /** The run's datasets with their roles (unspecified: "data"). */
        private List<ProfiledFile> runDatasets() {
            List<DatasetInput> datasets = endpoints
                    .tracking(tracking -> tracking.getRun(
                            GetRunRequest.newBuilder().setRunId(runId).build()))
                    .getRun()
                    .getDatasetsList();
            if (datasets.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "run " + runId + " recorded no datasets");
            }
            return datasets.stream()
                    .map(d -> ProfiledFile.newBuilder()
                            .setUri(d.getUri())
                            .setRole(
                                    d.getRole() == DatasetRole.DATASET_ROLE_UNSPECIFIED
                                            ? "data"
                                            : d.getRole()
                                                    .name()
                                                    .substring("DATASET_ROLE_".length())
                                                    .toLowerCase(Locale.ROOT))
                            .build())
                    .toList();
        }
    }

    @Command(
            name = "split",
            mixinStandardHelpOptions = true,
            description = "Split a CSV file into train, validation and test files without leaks (the evaluation "
                    + "service writes them and proves them clean); prints each part with its rows and digest.")
    static class Split extends ServiceCommand {
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
                    .setLabelColumn(label)
                    .setTimeColumn(time)
                    .addAllGroupColumns(groups)
                    .addAllIdColumns(ids)
                    .setValidationFraction(validation)
                    .setTestFraction(test)
                    .setValidationFrom(validationFrom)
                    .setTestFrom(testFrom)
                    .setTimeGap(gap)
                    .setSeed(seed)
                    .setRunId(runId)
                    .build();
            SplitDatasetResponse response = endpoints.evaluation(evaluation -> evaluation.splitDataset(request));
            PrintWriter output = out();
            for (SplitPart part : response.getPartsList()) {
                output.printf(
                        "%-10s %8d rows  %s  %s%n", part.getRole(), part.getRows(), part.getDigest(), part.getUri());
            }
            response.getWarningsList().forEach(w -> output.println("warning: " + w));
        }

        private SplitStrategy strategy() {
            return switch (by.toLowerCase(Locale.ROOT)) {
                case "random" -> SplitStrategy.SPLIT_STRATEGY_RANDOM;
                case "time" -> SplitStrategy.SPLIT_STRATEGY_TIME;
                case "group" -> SplitStrategy.SPLIT_STRATEGY_GROUP;
                case "time-then-group" -> SplitStrategy.SPLIT_STRATEGY_TIME_THEN_GROUP;
                default ->
                    throw new ParameterException(
                            spec.commandLine(),
                            "--by must be random, time, group or time-then-group, not '" + by + "'");
            };
        }
    }
}
