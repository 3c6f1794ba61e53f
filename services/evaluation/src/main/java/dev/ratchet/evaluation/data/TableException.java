package dev.ratchet.evaluation.data;

/** A table cannot be read or does not have what the evaluation needs; the message says what to fix. */
public class TableException extends RuntimeException {
    public TableException(String message) {
        super(message);
    }

    public TableException(String message, Throwable cause) {
        super(message, cause);
    }
}
