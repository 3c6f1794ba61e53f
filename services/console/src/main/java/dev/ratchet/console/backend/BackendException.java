package dev.ratchet.console.backend;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** A call to one of the services failed; {@link #service()} says which. */
public class BackendException extends RuntimeException {
    private final String service;
    private final Status.Code code;
    private final String description;

    public BackendException(String service, StatusRuntimeException cause) {
        super(service + ": " + cause.getStatus(), cause);
        this.service = service;
        this.code = cause.getStatus().getCode();
        this.description = cause.getStatus().getDescription() == null
                ? code.name()
                : cause.getStatus().getDescription();
    }

    public String service() {
        return service;
    }

    public Status.Code code() {
        return code;
    }

    /** The service's own words: what was wrong and what to fix. */
    public String description() {
        return description;
    }

    public boolean isNotFound() {
        return code == Status.Code.NOT_FOUND;
    }

    /** The service refused the request as given (a filter it could not parse, say). */
    public boolean isInvalidArgument() {
        return code == Status.Code.INVALID_ARGUMENT;
    }
}
