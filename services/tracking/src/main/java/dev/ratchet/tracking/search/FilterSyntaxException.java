package dev.ratchet.tracking.search;

/** A filter that does not parse; the message names the offending token and its position. */
public class FilterSyntaxException extends RuntimeException {
    public FilterSyntaxException(String message) {
        super(message);
    }
}
