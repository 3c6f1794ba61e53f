package dev.ratchet.cli;

import dev.ratchet.events.v1.InlinePredictions;
import dev.ratchet.events.v1.PredictionFile;
import dev.ratchet.events.v1.PredictionSource;
import dev.ratchet.orchestration.v1.RequestEvaluationRequest;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ratchet evaluate RUN_ID (--labels .. --predictions .. | --file .. | -f evaluation.yaml)}. */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description = "Ask the orchestrator to evaluate a run's predictions; prints the evaluation id. "
                + "The result appears on the run (ratchet runs show).")
class EvaluateCommand extends ServiceCommand {
    @Parameters(paramLabel = "RUN_ID", description = "the run whose predictions are evaluated")
    String runId;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static class Source {
        @ArgGroup(exclusive = false)
        Inline inline;

        @ArgGroup(exclusive = false)
        File file;

        @Option(
                names = {"-f", "--request"},
                description = "a YAML file with `source` (inline or file, its uri a "
                        + "file: URI or an absolute path) and `options` (EvaluationOptions: score_columns, slices, intervals, "
                        + "hygiene, gate, behavioral, ...), in protobuf's JSON field names")
        Path request;
    }

    static class Inline {
        @Option(names = "--labels", required = true, split = ",", description = "true labels, comma-separated")
        List<String> labels;

        @Option(
                names = "--predictions",
                required = true,
                split = ",",
                description = "predicted labels, comma-separated, as many as labels")
        List<String> predictions;
    }

    static class File {
        @Option(names = "--file", required = true, description = "a CSV file with a header row")
        Path path;

        @Option(names = "--label-column", required = true, description = "the column of true labels")
        String labelColumn;

        @Option(names = "--prediction-column", required = true, description = "the column of predicted labels")
        String predictionColumn;
    }

    @Override
    public void run() {
        RequestEvaluationRequest.Builder evaluation = RequestEvaluationRequest.newBuilder();
        if (source.request != null) {
            ProtoFiles.merge(ProtoFiles.read(source.request, spec), evaluation, source.request, spec);
        } else {
            evaluation.setSource(source());
        }
        out().println(endpoints
                .orchestrator(orchestrator -> orchestrator.requestEvaluation(
                        evaluation.setRunId(runId).build()))
                .getEvaluationId());
    }

    private PredictionSource source() {
        PredictionSource.Builder request = PredictionSource.newBuilder();
        if (source.inline != null) {
            request.setInline(InlinePredictions.newBuilder()
                    .addAllLabels(source.inline.labels)
                    .addAllPredictions(source.inline.predictions));
        } else {
            request.setFile(PredictionFile.newBuilder()
                    .setUri(source.file.path.toAbsolutePath().toUri().toString())
                    .setLabelColumn(source.file.labelColumn)
                    .setPredictionColumn(source.file.predictionColumn));
        }
        return request.build();
    }
}
