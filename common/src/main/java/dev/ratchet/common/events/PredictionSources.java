package dev.ratchet.common.events;

import dev.ratchet.events.v1.InlinePredictions;
import dev.ratchet.events.v1.PredictionFile;
import dev.ratchet.events.v1.PredictionSource;
import java.util.Optional;

/** The rules a prediction source must follow, checked where it enters (gRPC or an event). */
public final class PredictionSources {
    /** Larger test sets belong in a file. */
    public static final int MAX_INLINE_EXAMPLES = 1_000_000;

    private PredictionSources() {
    }

    /** What is wrong with the source, if anything; a readable file is checked only when it is read. */
    public static Optional<String> problem(PredictionSource source) {
        return switch (source.getSourceCase()) {
            case INLINE -> inlineProblem(source.getInline());
            case FILE -> fileProblem(source.getFile());
            case SOURCE_NOT_SET -> Optional.of("source is required: set inline labels and predictions, or a file");
        };
    }

    private static Optional<String> inlineProblem(InlinePredictions inline) {
        if (inline.getLabelsCount() == 0) {
            return Optional.of("source.inline.labels is empty: give one label per test example");
        }
        if (inline.getLabelsCount() != inline.getPredictionsCount()) {
            return Optional.of("source.inline has " + inline.getLabelsCount() + " labels but "
                    + inline.getPredictionsCount() + " predictions: give one prediction per label");
        }
        if (inline.getLabelsCount() > MAX_INLINE_EXAMPLES) {
            return Optional.of("source.inline has " + inline.getLabelsCount() + " examples; at most "
                    + MAX_INLINE_EXAMPLES + " inline, use source.file for more");
        }
        return Optional.empty();
    }

    private static Optional<String> fileProblem(PredictionFile file) {
        if (file.getUri().isBlank()) {
            return Optional.of("source.file.uri is required");
        }
        if (file.getLabelColumn().isBlank() || file.getPredictionColumn().isBlank()) {
            return Optional.of("source.file.label_column and source.file.prediction_column are required");
        }
        return Optional.empty();
    }
}
