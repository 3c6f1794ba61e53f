package dev.ratchet.common.grpc;

import dev.ratchet.common.database.DatabaseOutages;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/** Runs a unary call and turns what it throws into a gRPC status: the one exception-to-status table. */
public final class GrpcCalls {
    private static final Logger LOG = Logger.getLogger(GrpcCalls.class);
    static final int MAX_DESCRIPTION = 1_000;

    private GrpcCalls() {}

    public static <T> void unary(StreamObserver<T> observer, Supplier<T> call) {
        T response;
        try {
            response = call.get();
        } catch (RuntimeException e) {
            observer.onError(toStatus(e).asRuntimeException());
            return;
        }
        observer.onNext(response);
        observer.onCompleted();
    }

    /**
     * The status a failure maps to: an {@link ApiException}'s own; UNAVAILABLE when the database
     * cannot be reached (a passing fault: clients retry UNAVAILABLE); INTERNAL for anything else (logged).
     */
    public static Status toStatus(Throwable e) {
        if (e instanceof ApiException api) {
            return Status.fromCode(api.code()).withDescription(shorten(api.getMessage()));
        }
        if (DatabaseOutages.isOutage(e)) {
            LOG.warnf("The database is unreachable: %s", e.getMessage());
            return Status.UNAVAILABLE.withDescription(
                    "the service's database is unreachable right now; " + "retry (nothing of this call was stored)");
        }
        LOG.error("Unexpected failure in a gRPC call", e);
        return Status.INTERNAL.withDescription(
                "internal error: " + e.getClass().getSimpleName() + "; the service log has the details");
    }

    /**
     * A description short enough for the {@code grpc-message} trailer: a message that quotes what
     * the caller sent (a 1 MB key) would pass a client's 8 KiB header limit, and the client sees
     * the stream reset instead of the error.
     */
    public static String shorten(String description) {
        if (description == null || description.length() <= MAX_DESCRIPTION) {
            return description;
        }
        return description.substring(0, MAX_DESCRIPTION) + "… (" + description.length() + " characters in all)";
    }
}
