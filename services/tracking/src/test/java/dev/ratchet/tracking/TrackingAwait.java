package dev.ratchet.tracking;

import dev.ratchet.tracking.v1.GetRunRequest;
import dev.ratchet.tracking.v1.Run;
import dev.ratchet.tracking.v1.TrackingServiceGrpc.TrackingServiceBlockingStub;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/** Waits until what events did becomes visible through the API. */
final class TrackingAwait {
    private TrackingAwait() {}

    static Run run(TrackingServiceBlockingStub tracking, String runId, Predicate<Run> condition) {
        AtomicReference<Run> seen = new AtomicReference<>();
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .ignoreException(StatusRuntimeException.class)
                .until(() -> {
                    seen.set(tracking.getRun(
                                    GetRunRequest.newBuilder().setRunId(runId).build())
                            .getRun());
                    return condition.test(seen.get());
                });
        return seen.get();
    }
}
