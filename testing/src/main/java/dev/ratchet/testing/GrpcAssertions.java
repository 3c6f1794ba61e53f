package dev.ratchet.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.function.Executable;

/** Assertions on the status a gRPC call fails with. */
public final class GrpcAssertions {
    private GrpcAssertions() {}

    /** The call fails with {@code code} and a description that contains {@code messagePart}. */
    public static void assertStatus(Status.Code code, String messagePart, Executable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
        assertEquals(code, e.getStatus().getCode(), e.getMessage());
        assertTrue(
                e.getStatus().getDescription().contains(messagePart),
                "'" + e.getStatus().getDescription() + "' should contain '" + messagePart + "'");
    }
}
