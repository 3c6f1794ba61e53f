package dev.ratchet.tracking.context;

import dev.ratchet.tracking.run.Params;
import dev.ratchet.tracking.run.Run;
import dev.ratchet.tracking.run.Runs;
import dev.ratchet.tracking.v1.DatasetInput;
import dev.ratchet.tracking.v1.GetReproductionResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.UUID;

/** Everything needed to re-run a run, and what would keep the re-run from matching. */
@ApplicationScoped
public class Reproductions {
    @Inject
    Runs runs;

    @Inject
    RunContexts contexts;

    @Transactional
    public GetReproductionResponse reproduction(UUID runId) {
        Run run = runs.get(runId);
        List<DatasetInput> datasets = contexts.datasets(runId);
        GetReproductionResponse.Builder answer = GetReproductionResponse.newBuilder()
                .setRunId(runId.toString())
                .setGit(RunContexts.git(run))
                .addAllDatasets(datasets)
                .putAllParams(Params.texts(run.params))
                .putAllTypedParams(Params.typed(run.params))
                .setCommand(run.command == null ? "" : run.command);
        if (run.seed != null) {
            answer.setSeed(run.seed);
        }
        RunContexts.environment(run).ifPresent(answer::setEnvironment);
        if (run.gitCommit == null) {
            answer.addWarnings("no code version was logged: the code that ran is unknown");
        } else if (Boolean.TRUE.equals(run.gitDirty)) {
            answer.addWarnings(
                    "the working tree was dirty: commit " + run.gitCommit + " alone is not the code " + "that ran");
        }
        if (datasets.isEmpty()) {
            answer.addWarnings("no datasets were logged: the data that trained and tested the run are unknown");
        }
        if (run.seed == null) {
            answer.addWarnings("no seed was logged: a re-run may draw different random numbers");
        }
        if (run.command == null) {
            answer.addWarnings("no command line was logged");
        }
        if (run.environment == null) {
            answer.addWarnings("no environment was logged: package versions are unknown");
        }
        return answer.build();
    }
}
