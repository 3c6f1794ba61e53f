package dev.ratchet.cli;

import dev.ratchet.events.v1.MetricContext;
import dev.ratchet.orchestration.v1.JobTemplate;
import dev.ratchet.orchestration.v1.SubmitRunRequest;
import dev.ratchet.tracking.v1.EvaluationResult;
import dev.ratchet.tracking.v1.GetRunRequest;
import dev.ratchet.tracking.v1.MetricSummary;
import dev.ratchet.tracking.v1.Run;
import dev.ratchet.tracking.v1.SearchRunsRequest;
import dev.ratchet.tracking.v1.SearchRunsResponse;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ratchet runs submit | show}. */
@Command(
        name = "runs",
        mixinStandardHelpOptions = true,
        description = "Submit and inspect training runs.",
        subcommands = {RunsCommand.Submit.class, RunsCommand.Show.class, RunsCommand.Search.class, RunsCompare.class})
class RunsCommand {
    @Command(
            name = "submit",
            mixinStandardHelpOptions = true,
            description = "Start a run through the orchestrator; prints its id.")
    static class Submit extends ServiceCommand {
        @Option(names = "--experiment", required = true, description = "the experiment's name")
        String experiment;

        @Option(names = "--name", defaultValue = "", description = "the run's name")
        String name;

        @Option(
                names = {"-p", "--param"},
                description = "a hyperparameter, key=value (repeatable; appended to a " + "command as --key=value)")
        Map<String, String> params = new LinkedHashMap<>();

        @Parameters(
                paramLabel = "COMMAND",
                arity = "0..*",
                description = "after --: the job the orchestrator runs "
                        + "in this directory (it gets RATCHET_RUN_ID and RATCHET_TRACKING_TARGET); none: a run that only "
                        + "announces itself")
        List<String> command = List.of();

        @Override
        public void run() {
            SubmitRunRequest.Builder request = SubmitRunRequest.newBuilder()
                    .setExperimentName(experiment)
                    .setRunName(name)
                    .putAllParams(params);
            if (!command.isEmpty()) {
                request.setJob(JobTemplate.newBuilder()
                        .addAllCommand(command)
                        .setWorkingDir(Path.of("").toAbsolutePath().toString()));
            }
            out().println(endpoints
                    .orchestrator(orchestrator -> orchestrator.submitRun(request.build()))
                    .getRunId());
        }
    }

    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description = "Show a run from tracking: params, latest metrics, evaluations.")
    static class Show extends TableCommand {
        @Parameters(paramLabel = "RUN_ID", description = "the run's id")
        String runId;

        @Override
        public void run() {
            Run run = endpoints.tracking(tracking -> tracking.getRun(
                            GetRunRequest.newBuilder().setRunId(runId).build())
                    .getRun());
            if (!printedJson(run)) {
                print(run, out());
            }
        }
    }

    @Command(
            name = "search",
            aliases = "list",
            mixinStandardHelpOptions = true,
            description = "Find runs, e.g. ratchet runs search \"metrics.val_f1 > 0.8 and params.model = 'xgb'\" "
                    + "--order-by 'metrics.val_f1 DESC'")
    static class Search extends TableCommand {
        @Parameters(paramLabel = "FILTER", defaultValue = "", description = "the filter; empty matches every run")
        String filter;

        @Option(names = "--experiment-id", description = "search these experiments only (repeatable)")
        List<String> experimentIds = new ArrayList<>();

        @Option(names = "--experiment", description = "search these experiments only, by name (repeatable)")
        List<String> experiments = new ArrayList<>();

        @Option(names = "--order-by", description = "a sort key such as 'metrics.val_f1 DESC' (repeatable)")
        List<String> orderBy = new ArrayList<>();

        @Option(names = "--max-results", defaultValue = "100", description = "at most this many runs")
        int maxResults;

        @Override
        public void run() {
            SearchRunsResponse found = endpoints.tracking(tracking -> {
                List<String> ids = new ArrayList<>(experimentIds);
                experiments.forEach(
                        name -> ids.add(Experiments.byName(tracking, name, spec).getExperimentId()));
                return tracking.searchRuns(SearchRunsRequest.newBuilder()
                        .addAllExperimentIds(ids)
                        .setFilter(filter)
                        .addAllOrderBy(orderBy)
                        .setMaxResults(maxResults)
                        .build());
            });
            PrintWriter out = out();
            if (printedJson(found)) {
                return;
            }
            out.printf("%-36s  %-20s  %-9s  %s%n", "run", "experiment", "status", "name");
            for (Run run : found.getRunsList()) {
                out.printf(
                        "%-36s  %-20s  %-9s  %s%n",
                        run.getRunId(),
                        run.getExperimentName(),
                        run.getStatus().name().replace("RUN_STATUS_", ""),
                        run.getName());
            }
        }
    }

    static void print(Run run, PrintWriter out) {
        out.printf("run         %s%n", run.getRunId());
        out.printf("experiment  %s%n", run.getExperimentName());
        out.printf("name        %s%n", run.getName());
        out.printf("status      %s%n", run.getStatus().name().replace("RUN_STATUS_", ""));
        run.getParamsMap().forEach((k, v) -> out.printf("param       %s = %s%n", k, v));
        run.getTagsMap().forEach((k, v) -> out.printf("tag         %s = %s%n", k, v));
        if (run.getMetricsCount() > 0) {
            out.printf("%nmetric               context      last step   last value   points%n");
            for (MetricSummary m : run.getMetricsList()) {
                out.printf(
                        "%-20s %-12s %9d   %10.6g   %6d%n",
                        m.getKey(), context(m.getContext()), m.getLastStep(), m.getLastValue(), m.getPointCount());
            }
        }
        for (EvaluationResult e : run.getEvaluationsList()) {
            out.printf(
                    "%nevaluation  %s  %s%n",
                    e.getEvaluationId(),
                    e.getStatus().name().replace("EVALUATION_STATUS_", "").replace("UNSPECIFIED", "PENDING"));
            if (e.hasSummary()) {
                out.printf(
                        "  examples  %d%n  accuracy  %.6f%n",
                        e.getSummary().getExampleCount(), e.getSummary().getAccuracy());
                ConfusionMatrixView.print(e.getSummary().getConfusionMatrix(), out);
            }
            if (!e.getFailureMessage().isEmpty()) {
                out.printf("  failure   %s%n", e.getFailureMessage());
            }
        }
        out.flush();
    }

    private static String context(MetricContext context) {
        return context.name().replace("METRIC_CONTEXT_", "").toLowerCase();
    }
}
