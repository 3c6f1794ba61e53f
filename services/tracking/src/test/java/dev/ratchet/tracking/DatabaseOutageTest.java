package dev.ratchet.tracking;

import static dev.ratchet.testing.GrpcAssertions.assertStatus;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Timestamp;
import dev.ratchet.contract.events.CloudEvent;
import dev.ratchet.contract.events.EventCodec;
import dev.ratchet.events.v1.MetricContext;
import dev.ratchet.events.v1.MetricPoint;
import dev.ratchet.events.v1.MetricsLogged;
import dev.ratchet.testing.KafkaBrokerResource;
import dev.ratchet.testing.KafkaRecords;
import dev.ratchet.testing.LocalKafka;
import dev.ratchet.testing.TcpProxy;
import dev.ratchet.tracking.v1.CreateExperimentRequest;
import dev.ratchet.tracking.v1.CreateRunRequest;
import dev.ratchet.tracking.v1.GetRunRequest;
import dev.ratchet.tracking.v1.LogBatchRequest;
import dev.ratchet.tracking.v1.TrackingServiceGrpc.TrackingServiceBlockingStub;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Tracking while its database is unreachable: the service's connections run through a TCP proxy
 * that the test cuts (open connections reset, new ones refused, as in a PostgreSQL restart) and
 * restores. A passing fault loses nothing: gRPC answers UNAVAILABLE so clients retry, the
 * consumers wait on the record they hold instead of dead-lettering it, readiness says DOWN.
 */
@QuarkusTest
@TestProfile(DatabaseOutageTest.DatabaseBehindProxy.class)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
class DatabaseOutageTest {
    private static final String DLQ = "ratchet.tracking.dlq";
    static final TcpProxy DATABASE = proxyToTestDatabase();

    public static class DatabaseBehindProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.datasource.jdbc.url",
                    testDatabaseUrl().replaceFirst("//[^/]+/", "//127.0.0.1:" + DATABASE.port() + "/"));
        }
    }

    @GrpcClient("tracking")
    TrackingServiceBlockingStub tracking;

    @Test
    void anOutageLosesNothingAndDeadLettersNothing() throws InterruptedException {
        String runId = newRun();
        DATABASE.cut();
        try {
            assertStatus(Status.Code.UNAVAILABLE, "database is unreachable", () -> tracking.logBatch(batch(runId)));
            given().contentType("application/json")
                    .body("{\"run_id\": \"" + runId
                            + "\", \"key\": \"mlflow_loss\", \"value\": 1, \"timestamp\": 1, \"step\": 0}")
                    .when()
                    .post("/api/2.0/mlflow/runs/log-metric")
                    .then()
                    .statusCode(503)
                    .body("error_code", equalTo("TEMPORARILY_UNAVAILABLE"));
            // 20 events of 50 points each reach the topic while the database is down
            for (int event = 0; event < 20; event++) {
                int first = event * 50;
                KafkaRecords.send(
                        LocalKafka.bootstrapServers(),
                        EventCodec.record(CloudEvent.create(
                                "trainer",
                                runId,
                                MetricsLogged.newBuilder()
                                        .setRunId(runId)
                                        .addAllPoints(IntStream.range(first, first + 50)
                                                .mapToObj(step -> point("events_loss", step))
                                                .toList())
                                        .build())));
            }
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(
                            () -> given().when().get("/q/health/ready").then().statusCode(503));
            Thread.sleep(3_000); // the consumer meets the outage and waits
        } finally {
            DATABASE.restore();
        }

        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(
                        () -> given().when().get("/q/health/ready").then().statusCode(200));
        // the client's retry, now that the database answers
        await().atMost(Duration.ofSeconds(30))
                .ignoreException(StatusRuntimeException.class)
                .until(() -> tracking.logBatch(batch(runId)).getMetricsStored() == 10);
        TrackingAwait.run(
                tracking,
                runId,
                r -> r.getMetricsCount() == 2
                        && r.getMetricsList().stream()
                                .anyMatch(m -> m.getKey().equals("events_loss") && m.getPointCount() == 1_000));
        assertEquals(
                10,
                tracking.getRun(GetRunRequest.newBuilder().setRunId(runId).build()).getRun().getMetricsList().stream()
                        .filter(m -> m.getKey().equals("grpc_loss"))
                        .findFirst()
                        .orElseThrow()
                        .getPointCount());
        assertTrue(
                KafkaRecords.readToEnd(LocalKafka.bootstrapServers(), DLQ, r -> runId.equals(r.key()))
                        .isEmpty(),
                "no valid event was dead-lettered because the database was down");
        given().when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .body(org.hamcrest.Matchers.containsString(
                        "ratchet_events_database_waits_total{consumer=\"tracking.metrics\""));
    }

    private String newRun() {
        String experimentId = tracking.createExperiment(CreateExperimentRequest.newBuilder()
                        .setName("outage-" + UUID.randomUUID())
                        .build())
                .getExperiment()
                .getExperimentId();
        return tracking.createRun(CreateRunRequest.newBuilder()
                        .setExperimentId(experimentId)
                        .build())
                .getRun()
                .getRunId();
    }

    private static LogBatchRequest batch(String runId) {
        return LogBatchRequest.newBuilder()
                .setRunId(runId)
                .addAllMetrics(IntStream.range(0, 10)
                        .mapToObj(step -> point("grpc_loss", step))
                        .toList())
                .build();
    }

    private static MetricPoint point(String key, long step) {
        return MetricPoint.newBuilder()
                .setKey(key)
                .setStep(step)
                .setValue(1.0 / (step + 1))
                .setContext(MetricContext.METRIC_CONTEXT_TRAIN)
                .setTimestamp(Timestamp.newBuilder().setSeconds(1_700_000_000L + step))
                .build();
    }

    private static String testDatabaseUrl() {
        return System.getenv().getOrDefault("RATCHET_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    }

    private static TcpProxy proxyToTestDatabase() {
        Matcher m = Pattern.compile("//([^/:]+)(?::(\\d+))?/").matcher(testDatabaseUrl());
        if (!m.find()) {
            throw new IllegalStateException("cannot read host and port from " + testDatabaseUrl());
        }
        return TcpProxy.start(m.group(1), m.group(2) == null ? 5432 : Integer.parseInt(m.group(2)));
    }
}
