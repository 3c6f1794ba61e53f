package dev.ratchet.tracking;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.ratchet.testing.KafkaBrokerResource;
import dev.ratchet.tracking.v1.ArtifactHeader;
import dev.ratchet.tracking.v1.ArtifactInfo;
import dev.ratchet.tracking.v1.CreateExperimentRequest;
import dev.ratchet.tracking.v1.CreateRunRequest;
import dev.ratchet.tracking.v1.DownloadArtifactRequest;
import dev.ratchet.tracking.v1.DownloadArtifactResponse;
import dev.ratchet.tracking.v1.ListArtifactsRequest;
import dev.ratchet.tracking.v1.TrackingServiceGrpc;
import dev.ratchet.tracking.v1.TrackingServiceGrpc.TrackingServiceBlockingStub;
import dev.ratchet.tracking.v1.UploadArtifactRequest;
import dev.ratchet.tracking.v1.UploadArtifactResponse;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
class ArtifactsTest {

    @GrpcClient("tracking")
    TrackingServiceBlockingStub tracking;

    @GrpcClient("tracking")
    Channel channel;

    @Test
    void uploadsInChunksStoresContentAddressedAndDownloadsTheSameBytes() throws Exception {
        byte[] bytes = new byte[300_000];
        new Random(7).nextBytes(bytes);
        String digest = "sha256:"
                + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        String runId = newRun();

        ArtifactInfo info = upload(runId, "plots/errors.png", true, "test row 17, label=bad, predicted good", bytes)
                .get(30, TimeUnit.SECONDS)
                .getArtifact();
        assertEquals(digest, info.getDigest());
        assertEquals(bytes.length, info.getSizeBytes());
        assertTrue(info.getImage());
        assertEquals("test row 17, label=bad, predicted good", info.getCaption());

        Iterator<DownloadArtifactResponse> download = tracking.downloadArtifact(DownloadArtifactRequest.newBuilder()
                .setRunId(runId)
                .setPath("plots/errors.png")
                .build());
        assertEquals(info, download.next().getInfo());
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        int chunks = 0;
        while (download.hasNext()) {
            download.next().getChunk().writeTo(received);
            chunks++;
        }
        assertArrayEquals(bytes, received.toByteArray());
        assertEquals(5, chunks, "64 KiB chunks");

        String other = newRun();
        assertEquals(
                digest,
                upload(other, "copy.bin", false, bytes)
                        .get(30, TimeUnit.SECONDS)
                        .getArtifact()
                        .getDigest());
        Path blob = Path.of("target/artifacts/sha256", digest.substring(7, 9), digest.substring(9));
        assertTrue(Files.isRegularFile(blob), "the bytes are stored once, under their digest");
        assertEquals(
                List.of(info),
                tracking.listArtifacts(ListArtifactsRequest.newBuilder()
                                .setRunId(runId)
                                .build())
                        .getArtifactsList());
    }

    @Test
    void refusesUnsafePathsUnknownRunsAndMissingFiles() {
        String runId = newRun();
        assertStatus(
                Status.Code.INVALID_ARGUMENT, "must be relative", upload(runId, "../../etc/passwd", false, new byte[] {1
                }));
        assertStatus(
                Status.Code.INVALID_ARGUMENT, "must be relative", upload(runId, "/abs/model.onnx", false, new byte[] {1
                }));
        assertStatus(
                Status.Code.NOT_FOUND,
                "no run with id",
                upload(UUID.randomUUID().toString(), "a.bin", false, new byte[] {1}));
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "caption must be one line of up to 1000 characters",
                upload(runId, "a.png", true, "x".repeat(1_001), new byte[] {1}));
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "without control characters",
                upload(runId, "a.png", true, "two\nlines", new byte[] {1}));
        StatusRuntimeException missing = assertThrows(
                StatusRuntimeException.class,
                () -> tracking.downloadArtifact(DownloadArtifactRequest.newBuilder()
                                .setRunId(runId)
                                .setPath("nothing.bin")
                                .build())
                        .next());
        assertEquals(Status.Code.NOT_FOUND, missing.getStatus().getCode());
    }

    private static void assertStatus(Status.Code code, String part, CompletableFuture<UploadArtifactResponse> upload) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> upload.get(30, TimeUnit.SECONDS));
        Status status = Status.fromThrowable(e.getCause());
        assertEquals(code, status.getCode(), status.toString());
        assertTrue(status.getDescription().contains(part), status.getDescription());
    }

    private CompletableFuture<UploadArtifactResponse> upload(String runId, String path, boolean image, byte[] bytes) {
        return upload(runId, path, image, "", bytes);
    }

    private CompletableFuture<UploadArtifactResponse> upload(
            String runId, String path, boolean image, String caption, byte[] bytes) {
        CompletableFuture<UploadArtifactResponse> result = new CompletableFuture<>();
        StreamObserver<UploadArtifactRequest> requests = TrackingServiceGrpc.newStub(channel)
                .uploadArtifact(new StreamObserver<>() {
                    @Override
                    public void onNext(UploadArtifactResponse response) {
                        result.complete(response);
                    }

                    @Override
                    public void onError(Throwable t) {
                        result.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {}
                });
        requests.onNext(UploadArtifactRequest.newBuilder()
                .setHeader(ArtifactHeader.newBuilder()
                        .setRunId(runId)
                        .setPath(path)
                        .setImage(image)
                        .setContentType(image ? "image/png" : "")
                        .setCaption(caption))
                .build());
        for (int offset = 0; offset < bytes.length; offset += 70_000) {
            requests.onNext(UploadArtifactRequest.newBuilder()
                    .setChunk(ByteString.copyFrom(bytes, offset, Math.min(70_000, bytes.length - offset)))
                    .build());
        }
        requests.onCompleted();
        return result;
    }

    private String newRun() {
        String experimentId = tracking.createExperiment(CreateExperimentRequest.newBuilder()
                        .setName("artifacts-" + UUID.randomUUID())
                        .build())
                .getExperiment()
                .getExperimentId();
        return tracking.createRun(CreateRunRequest.newBuilder()
                        .setExperimentId(experimentId)
                        .build())
                .getRun()
                .getRunId();
    }
}
