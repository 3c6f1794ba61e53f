package dev.ratchet.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Timestamp;
import dev.ratchet.testing.KafkaBrokerResource;
import dev.ratchet.tracking.v1.CreateExperimentRequest;
import dev.ratchet.tracking.v1.CreateRunRequest;
import dev.ratchet.tracking.v1.Run;
import dev.ratchet.tracking.v1.RunStatus;
import dev.ratchet.tracking.v1.TrackingServiceGrpc.TrackingServiceBlockingStub;
import dev.ratchet.tracking.v1.UpdateRunRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** A run a client started offline is created later with its own id and times, and a retried sync changes nothing. */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
class OfflineRunsTest {
    @GrpcClient("tracking")
    TrackingServiceBlockingStub tracking;

    private String experiment() {
        return tracking.createExperiment(CreateExperimentRequest.newBuilder()
                        .setName("offline-" + UUID.randomUUID())
                        .build())
                .getExperiment()
                .getExperimentId();
    }

    private static Timestamp at(Instant instant) {
        return Timestamp.newBuilder()
                .setSeconds(instant.getEpochSecond())
                .setNanos(instant.getNano())
                .build();
    }

    @Test
    void aRunStartedOfflineKeepsItsIdAndTimesAndASecondSyncReturnsTheSameRun() {
        String experimentId = experiment();
        String runId = UUID.randomUUID().toString();
        Instant started = Instant.parse("2026-11-30T08:00:00Z");
        CreateRunRequest create = CreateRunRequest.newBuilder()
                .setExperimentId(experimentId)
                .setRunId(runId)
                .setName("on the train")
                .setStartTime(at(started))
                .build();
        Run created = tracking.createRun(create).getRun();
        assertEquals(runId, created.getRunId());
        assertEquals(at(started), created.getStartTime());

        Run again = tracking.createRun(create).getRun();
        assertEquals(created, again, "a retried sync returns the run as it is");

        Instant ended = started.plus(Duration.ofMinutes(42));
        Run finished = tracking.updateRun(UpdateRunRequest.newBuilder()
                        .setRunId(runId)
                        .setStatus(RunStatus.RUN_STATUS_FINISHED)
                        .setEndTime(at(ended))
                        .build())
                .getRun();
        assertEquals(RunStatus.RUN_STATUS_FINISHED, finished.getStatus());
        assertEquals(at(ended), finished.getEndTime());
    }

    @Test
    void theIdIsRefusedInAnotherExperimentAndTimesThatCannotBeAreRefused() {
        String runId = UUID.randomUUID().toString();
        tracking.createRun(CreateRunRequest.newBuilder()
                .setExperimentId(experiment())
                .setRunId(runId)
                .build());
        assertRefused(
                Status.Code.ALREADY_EXISTS,
                "already exists in experiment",
                () -> tracking.createRun(CreateRunRequest.newBuilder()
                        .setExperimentId(experiment())
                        .setRunId(runId)
                        .build()));
        assertRefused(
                Status.Code.INVALID_ARGUMENT,
                "run_id",
                () -> tracking.createRun(CreateRunRequest.newBuilder()
                        .setExperimentId(experiment())
                        .setRunId("not-a-uuid")
                        .build()));
        assertRefused(
                Status.Code.INVALID_ARGUMENT,
                "is in the future",
                () -> tracking.createRun(CreateRunRequest.newBuilder()
                        .setExperimentId(experiment())
                        .setStartTime(at(Instant.now().plus(Duration.ofHours(1))))
                        .build()));

        Instant started = Instant.now().minus(Duration.ofHours(2));
        String early = tracking.createRun(CreateRunRequest.newBuilder()
                        .setExperimentId(experiment())
                        .setStartTime(at(started))
                        .build())
                .getRun()
                .getRunId();
        assertRefused(
                Status.Code.INVALID_ARGUMENT,
                "is before the run's start",
                () -> tracking.updateRun(UpdateRunRequest.newBuilder()
                        .setRunId(early)
                        .setStatus(RunStatus.RUN_STATUS_FAILED)
                        .setEndTime(at(started.minusSeconds(1)))
                        .build()));
    }

    private static void assertRefused(Status.Code code, String part, Executable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
        assertEquals(code, e.getStatus().getCode(), e.getStatus().toString());
        assertTrue(e.getStatus().getDescription().contains(part), e.getStatus().getDescription());
    }
}
