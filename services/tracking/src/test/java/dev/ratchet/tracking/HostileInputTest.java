package dev.ratchet.tracking;

import static dev.ratchet.testing.GrpcAssertions.assertStatus;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Timestamp;
import dev.ratchet.events.v1.MetricContext;
import dev.ratchet.events.v1.MetricPoint;
import dev.ratchet.testing.KafkaBrokerResource;
import dev.ratchet.tracking.v1.CreateExperimentRequest;
import dev.ratchet.tracking.v1.CreateRunRequest;
import dev.ratchet.tracking.v1.LogBatchRequest;
import dev.ratchet.tracking.v1.SearchRunsRequest;
import dev.ratchet.tracking.v1.TrackingServiceGrpc;
import dev.ratchet.tracking.v1.TrackingServiceGrpc.TrackingServiceBlockingStub;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Input a careless or hostile client sends, over gRPC and MLflow's HTTP API: each is refused with
 * INVALID_ARGUMENT (HTTP 400 / 413) and a message that says what to fix — never UNKNOWN, INTERNAL
 * or a reset stream — and the service goes on.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
class HostileInputTest {

    @GrpcClient("tracking")
    TrackingServiceBlockingStub tracking;

    @GrpcClient("tracking")
    Channel channel;

    @Test
    void filtersThatWouldExhaustTheParserAreRefused() {
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "parentheses nested at most 20 deep",
                () -> tracking.searchRuns(SearchRunsRequest.newBuilder()
                        .setFilter("(".repeat(4_000) + "metrics.a > 1" + ")".repeat(4_000))
                        .build()));
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "parentheses nested at most 20 deep",
                () -> tracking.searchRuns(SearchRunsRequest.newBuilder()
                        .setFilter("(".repeat(9_999))
                        .build()));
    }

    @Test
    void aNulCharacterAnywhereIsRefusedNamingTheField() {
        String runId = newRun();
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "name holds a NUL character (at index 1); remove it",
                () -> tracking.createExperiment(
                        CreateExperimentRequest.newBuilder().setName("a\0b").build()));
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "metrics[1].key holds a NUL character",
                () -> tracking.logBatch(LogBatchRequest.newBuilder()
                        .setRunId(runId)
                        .addMetrics(point("loss", 1))
                        .addMetrics(point("lo\0ss", 2))
                        .build()));
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "tags['k'] holds a NUL character (at index 1)",
                () -> tracking.logBatch(LogBatchRequest.newBuilder()
                        .setRunId(runId)
                        .putTags("k", "v\0")
                        .build()));
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "a key of params holds a NUL character",
                () -> tracking.logBatch(LogBatchRequest.newBuilder()
                        .setRunId(runId)
                        .putParams("p\0", "v")
                        .build()));
    }

    @Test
    void timestampsOutsideTheirRangeAreRefused() {
        String runId = newRun();
        for (long seconds : new long[] {1L << 62, -(1L << 62)}) {
            assertStatus(
                    Status.Code.INVALID_ARGUMENT,
                    "metrics[0].timestamp is " + seconds + " seconds from the epoch; "
                            + "a timestamp lies between 0001-01-01 and 9999-12-31",
                    () -> tracking.logBatch(LogBatchRequest.newBuilder()
                            .setRunId(runId)
                            .addMetrics(point("loss", 0).toBuilder()
                                    .setTimestamp(Timestamp.newBuilder().setSeconds(seconds)))
                            .build()));
        }
    }

    @Test
    void bytesThatAreNoValidRequestAreRefused() {
        MethodDescriptor.Marshaller<byte[]> raw = new MethodDescriptor.Marshaller<>() {
            @Override
            public InputStream stream(byte[] value) {
                return new ByteArrayInputStream(value);
            }

            @Override
            public byte[] parse(InputStream stream) {
                try {
                    return stream.readAllBytes();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
        MethodDescriptor<byte[], byte[]> createExperiment = MethodDescriptor.<byte[], byte[]>newBuilder(raw, raw)
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(
                        TrackingServiceGrpc.getCreateExperimentMethod().getFullMethodName())
                .build();
        // CreateExperimentRequest.name (field 1) = the bytes C3 28: not UTF-8
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "is not a valid ratchet.tracking.v1.TrackingService/CreateExperiment "
                        + "message (Protocol message had invalid UTF-8.); text fields must be UTF-8",
                () -> ClientCalls.blockingUnaryCall(
                        channel, createExperiment, CallOptions.DEFAULT, new byte[] {0x0a, 0x02, (byte) 0xC3, 0x28}));
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "is not a valid",
                () -> ClientCalls.blockingUnaryCall(
                        channel, createExperiment, CallOptions.DEFAULT, new byte[] {(byte) 0xff, (byte) 0xff, 0x01}));
    }

    @Test
    void anErrorAboutAHugeValueStaysShortEnoughToReachTheClient() {
        String runId = newRun();
        // quoted whole, the key made a 1 MB grpc-message trailer: the client saw RST_STREAM
        StatusRuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(
                StatusRuntimeException.class,
                () -> tracking.logBatch(LogBatchRequest.newBuilder()
                        .setRunId(runId)
                        .putParams("k".repeat(1 << 20), "v")
                        .build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(
                e.getStatus().getDescription().length() < 1_100,
                e.getStatus().getDescription().length() + " chars");
        assertTrue(
                e.getStatus().getDescription().endsWith("characters in all)"),
                e.getStatus().getDescription());
    }

    @Test
    void forgedPageTokensAreRefused() {
        for (String token : new String[] {"forged!!", "b2Zmc2V0Oi01", base64("offset:-5"), base64("offset:x")}) {
            assertStatus(
                    Status.Code.INVALID_ARGUMENT,
                    "is not a token from a previous SearchRuns response",
                    () -> tracking.searchRuns(
                            SearchRunsRequest.newBuilder().setPageToken(token).build()));
        }
        given().contentType("application/json")
                .body("{\"experiment_ids\": [], \"page_token\": \"" + base64("offset:-5") + "\"}")
                .when()
                .post("/api/2.0/mlflow/runs/search")
                .then()
                .statusCode(400)
                .body("error_code", equalTo("INVALID_PARAMETER_VALUE"));
    }

    @Test
    void mlflowRequestsThatAreTooLargeOrHoldNulAreRefused() {
        given().contentType("application/json")
                .body("{\"name\": \"a\\u0000b\"}")
                .when()
                .post("/api/2.0/mlflow/experiments/create")
                .then()
                .statusCode(400)
                .body("error_code", equalTo("INVALID_PARAMETER_VALUE"))
                .body("message", containsString("NUL character"));
        byte[] huge = ("{\"run_id\": \"x\", \"metrics\": ["
                        + "{\"key\": \"k\", \"value\": 1, \"timestamp\": 1, \"step\": 0},".repeat(400_000) + "]}")
                .getBytes(StandardCharsets.UTF_8);
        given().contentType("application/json")
                .body(huge)
                .when()
                .post("/api/2.0/mlflow/runs/log-batch")
                .then()
                .statusCode(413);
        given().when().get("/q/health/ready").then().statusCode(200);
    }

    private String newRun() {
        String experimentId = tracking.createExperiment(CreateExperimentRequest.newBuilder()
                        .setName("hostile-" + UUID.randomUUID())
                        .build())
                .getExperiment()
                .getExperimentId();
        return tracking.createRun(CreateRunRequest.newBuilder()
                        .setExperimentId(experimentId)
                        .build())
                .getRun()
                .getRunId();
    }

    private static MetricPoint point(String key, long step) {
        return MetricPoint.newBuilder()
                .setKey(key)
                .setStep(step)
                .setValue(0.5)
                .setContext(MetricContext.METRIC_CONTEXT_TRAIN)
                .setTimestamp(Timestamp.newBuilder().setSeconds(1_700_000_000L + step))
                .build();
    }

    private static String base64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
