package dev.ratchet.cli;

import dev.ratchet.tracking.v1.CompareRunsRequest;
import dev.ratchet.tracking.v1.CompareRunsResponse;
import dev.ratchet.tracking.v1.DatasetChange;
import dev.ratchet.tracking.v1.MetricDelta;
import dev.ratchet.tracking.v1.ParamChange;
import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ratchet runs compare BASE CANDIDATE}: why did the candidate get better (or worse)? */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        description =
                "Compare a candidate run with a base run: changed params, data and code, and every metric's move.")
class RunsCompare extends TableCommand {
    @Parameters(index = "0", paramLabel = "BASE_RUN_ID", description = "the run compared against")
    String base;

    @Parameters(index = "1", paramLabel = "CANDIDATE_RUN_ID", description = "the run compared")
    String candidate;

    @Override
    public void run() {
        CompareRunsResponse comparison =
                endpoints.tracking(tracking -> tracking.compareRuns(CompareRunsRequest.newBuilder()
                        .setBaseRunId(base)
                        .setCandidateRunId(candidate)
                        .build()));
        PrintWriter out = out();
        if (printedJson(comparison)) {
            return;
        }
        out.println(
                comparison.getCodeChanged()
                        ? "code     changed: " + comparison.getBaseGit().getCommit() + " → "
                                + comparison.getCandidateGit().getCommit()
                        : "code     the same");
        for (ParamChange change : comparison.getParamChangesList()) {
            out.printf("param    %-24s %s → %s%n", change.getKey(), change.getBaseValue(), change.getCandidateValue());
        }
        for (DatasetChange change : comparison.getDatasetChangesList()) {
            out.printf(
                    "data     %-24s %s → %s%n",
                    change.getRole().name().replace("DATASET_ROLE_", "").toLowerCase(Locale.ROOT),
                    change.getBaseDigestsList(),
                    change.getCandidateDigestsList());
        }
        out.printf("%nmetric                         context      base          candidate     delta%n");
        for (MetricDelta delta : comparison.getMetricDeltasList()) {
            out.printf(
                    Locale.ROOT,
                    "%-30s %-12s %-13s %-13s %s%n",
                    delta.getKey(),
                    delta.getContext().name().replace("METRIC_CONTEXT_", "").toLowerCase(Locale.ROOT),
                    delta.hasBaseValue() ? String.format(Locale.ROOT, "%.6g", delta.getBaseValue()) : "-",
                    delta.hasCandidateValue() ? String.format(Locale.ROOT, "%.6g", delta.getCandidateValue()) : "-",
                    delta.hasDelta() ? String.format(Locale.ROOT, "%+.6g", delta.getDelta()) : "");
        }
    }
}
