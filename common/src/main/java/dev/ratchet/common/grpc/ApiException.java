package dev.ratchet.common.grpc;

import io.grpc.Status;

/** A request the service refuses, with the gRPC status it maps to and a message saying what to fix. */
public class ApiException extends RuntimeException {
    private final Status.Code code;

    private ApiException(Status.Code code, String message) {
        super(message);
        this.code = code;
    }

    public static ApiException invalidArgument(String message) {
        return new ApiException(Status.Code.INVALID_ARGUMENT, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(Status.Code.NOT_FOUND, message);
    }

    public static ApiException alreadyExists(String message) {
        return new ApiException(Status.Code.ALREADY_EXISTS, message);
    }

    public static ApiException failedPrecondition(String message) {
        return new ApiException(Status.Code.FAILED_PRECONDITION, message);
    }

    /** The answer (or the work asked for) is larger than the service gives in one call. */
    public static ApiException resourceExhausted(String message) {
        return new ApiException(Status.Code.RESOURCE_EXHAUSTED, message);
    }

    /** A service this one depends on failed; the caller may retry later. */
    public static ApiException unavailable(String message) {
        return new ApiException(Status.Code.UNAVAILABLE, message);
    }

    public Status.Code code() {
        return code;
    }
}
