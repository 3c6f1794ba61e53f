package dev.ratchet.contract.events;

/** An event that cannot be decoded or breaks a rule of its type; it belongs in the dead-letter topic. */
public class InvalidEventException extends RuntimeException {
    public InvalidEventException(String message) {
        super(message);
    }

    public InvalidEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
