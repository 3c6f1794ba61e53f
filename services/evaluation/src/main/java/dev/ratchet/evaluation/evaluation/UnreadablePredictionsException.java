package dev.ratchet.evaluation.evaluation;

/** The predictions could not be read; the evaluation fails with this message. */
public class UnreadablePredictionsException extends RuntimeException {
    public UnreadablePredictionsException(String message) {
        super(message);
    }

    public UnreadablePredictionsException(String message, Throwable cause) {
        super(message, cause);
    }
}
