package dev.ratchet.tracking;

import static dev.ratchet.testing.GrpcAssertions.assertStatus;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Timestamp;
import dev.ratchet.contract.events.EventCodec;
import dev.ratchet.contract.events.EventType;
import dev.ratchet.contract.events.Topics;
import dev.ratchet.events.v1.MetricContext;
import dev.ratchet.events.v1.MetricPoint;
import dev.ratchet.events.v1.MetricsLogged;
import dev.ratchet.operations.v1.DropParkedEventsRequest;
import dev.ratchet.operations.v1.ListParkedEventsRequest;
import dev.ratchet.operations.v1.ListParkedEventsResponse;
import dev.ratchet.operations.v1.OutboxServiceGrpc.OutboxServiceBlockingStub;
import dev.ratchet.operations.v1.ParkedEvent;
import dev.ratchet.operations.v1.RetryParkedEventsRequest;
import dev.ratchet.testing.KafkaBrokerResource;
import dev.ratchet.testing.KafkaRecords;
import dev.ratchet.testing.LocalKafka;
import dev.ratchet.tracking.v1.CreateExperimentRequest;
import dev.ratchet.tracking.v1.CreateRunRequest;
import dev.ratchet.tracking.v1.LogBatchRequest;
import dev.ratchet.tracking.v1.TrackingServiceGrpc.TrackingServiceBlockingStub;
import io.grpc.Status;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * An event Kafka refuses for good does not stop the outbox: here the producer takes at most
 * 64 KiB a request, so a 3,000-point MetricsLogged (about 90 KB) is refused by the real Kafka
 * client — it is parked with Kafka's reason, the events behind it are delivered, and an operator
 * sees it (health, metric, OutboxService) and retries or drops it. Events above the outbox's own
 * bound (100 kB here) are refused before anything is stored.
 */
@QuarkusTest
@TestProfile(OutboxParkingTest.SmallRequests.class)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
class OutboxParkingTest {

    public static class SmallRequests implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "mp.messaging.outgoing.outbox.max.request.size",
                    "65536",
                    "ratchet.outbox.max-event-bytes",
                    "100000");
        }
    }

    @GrpcClient("tracking")
    TrackingServiceBlockingStub tracking;

    @GrpcClient("tracking")
    OutboxServiceBlockingStub outbox;

    @Test
    void anEventKafkaRefusesIsParkedAndTheEventsBehindItAreDelivered() {
        String runId = newRun();
        tracking.logBatch(batch(runId, "big", 3_000));
        tracking.logBatch(batch(runId, "after", 1));

        // the small event behind the refused one reaches the topic
        MetricsLogged after = EventCodec.decode(KafkaRecords.await(
                                LocalKafka.bootstrapServers(),
                                Topics.METRICS,
                                r -> runId.equals(r.key())
                                        && EventCodec.decode(r.headers(), r.value())
                                                .dataAs(MetricsLogged.class)
                                                .getPoints(0)
                                                .getKey()
                                                .equals("after"),
                                Duration.ofSeconds(30))
                        .get(0))
                .dataAs(MetricsLogged.class);
        assertEquals("after", after.getPoints(0).getKey());

        ListParkedEventsResponse listing = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> outbox.listParkedEvents(ListParkedEventsRequest.getDefaultInstance()),
                        l -> l.getParkedCount() == 1);
        ParkedEvent parked = listing.getEvents(0);
        assertEquals(EventType.METRICS_LOGGED.ceType(), parked.getType());
        assertEquals(runId, parked.getKey());
        assertTrue(parked.getSizeBytes() > 65_536, parked.getSizeBytes() + " bytes");
        assertTrue(parked.getReason().startsWith("RecordTooLargeException"), parked.getReason());
        assertEquals(0, listing.getWaitingCount(), "nothing else waits behind it");
        assertTrue(
                KafkaRecords.readToEnd(
                                LocalKafka.bootstrapServers(),
                                Topics.METRICS,
                                r -> runId.equals(r.key())
                                        && EventCodec.decode(r.headers(), r.value())
                                                .dataAs(MetricsLogged.class)
                                                .getPoints(0)
                                                .getKey()
                                                .equals("big"))
                        .isEmpty(),
                "the refused event never reached the topic");

        given().when()
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("checks.find { it.name == 'Outbox relay' }.data.parked", org.hamcrest.Matchers.equalTo(1));
        given().when().get("/q/metrics").then().body(containsString("ratchet_outbox_parked 1.0"));

        // retried, it is refused again and parked again; dropped, it is gone
        assertEquals(
                1,
                outbox.retryParkedEvents(RetryParkedEventsRequest.newBuilder()
                                .addSequences(parked.getSequence())
                                .build())
                        .getRetried());
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> outbox.listParkedEvents(ListParkedEventsRequest.getDefaultInstance()),
                        l -> l.getParkedCount() == 1
                                && !l.getEvents(0).getParkedAt().equals(parked.getParkedAt()));
        assertStatus(
                Status.Code.NOT_FOUND,
                "no parked event with sequence " + (parked.getSequence() + 1_000_000),
                () -> outbox.dropParkedEvents(DropParkedEventsRequest.newBuilder()
                        .addSequences(parked.getSequence() + 1_000_000)
                        .build()));
        assertEquals(
                1,
                outbox.dropParkedEvents(DropParkedEventsRequest.newBuilder()
                                .setAll(true)
                                .build())
                        .getDropped());
        assertEquals(
                0,
                outbox.listParkedEvents(ListParkedEventsRequest.getDefaultInstance())
                        .getParkedCount());
        given().when().get("/q/metrics").then().body(containsString("ratchet_outbox_parked 0.0"));
    }

    @Test
    void anEventLargerThanTheOutboxTakesIsRefusedBeforeAnythingIsStored() {
        String experimentId = tracking.createExperiment(CreateExperimentRequest.newBuilder()
                        .setName("too-large-" + UUID.randomUUID())
                        .build())
                .getExperiment()
                .getExperimentId();
        CreateRunRequest.Builder run = CreateRunRequest.newBuilder().setExperimentId(experimentId);
        IntStream.range(0, 30).forEach(i -> run.putParams("p" + i, "v".repeat(5_000)));
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "an event holds at most 100000 (ratchet.outbox.max-event-bytes)",
                () -> tracking.createRun(run.build()));
        given().when().get("/q/health/ready").then().statusCode(200).body("checks.name", hasItem("Outbox relay"));
    }

    private String newRun() {
        String experimentId = tracking.createExperiment(CreateExperimentRequest.newBuilder()
                        .setName("parking-" + UUID.randomUUID())
                        .build())
                .getExperiment()
                .getExperimentId();
        return tracking.createRun(CreateRunRequest.newBuilder()
                        .setExperimentId(experimentId)
                        .build())
                .getRun()
                .getRunId();
    }

    private static LogBatchRequest batch(String runId, String key, int points) {
        return LogBatchRequest.newBuilder()
                .setRunId(runId)
                .addAllMetrics(IntStream.range(0, points)
                        .mapToObj(step -> MetricPoint.newBuilder()
                                .setKey(key)
                                .setStep(step)
                                .setValue(step * 0.5)
                                .setContext(MetricContext.METRIC_CONTEXT_TRAIN)
                                .setTimestamp(Timestamp.newBuilder().setSeconds(1_700_000_000L + step))
                                .build())
                        .toList())
                .build();
    }
}
