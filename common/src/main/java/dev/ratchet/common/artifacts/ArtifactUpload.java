package dev.ratchet.common.artifacts;

import com.google.protobuf.ByteString;
import dev.ratchet.tracking.v1.ArtifactHeader;
import dev.ratchet.tracking.v1.TrackingServiceGrpc;
import dev.ratchet.tracking.v1.UploadArtifactRequest;
import dev.ratchet.tracking.v1.UploadArtifactResponse;
import io.grpc.Channel;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Streams a file a service produced (a report, a job's log) into tracking as an artifact of a run,
 * in chunks, without waiting for the answer: a service's own work never depends on tracking being up.
 */
public final class ArtifactUpload {
    private static final int CHUNK = 1 << 20;

    private ArtifactUpload() {
    }

    /** Starts the upload; {@code onError} hears of a failure (tracking down, unknown run). */
    public static void start(Channel tracking, String runId, String path, String contentType, byte[] bytes,
            Consumer<Throwable> onError) {
        StreamObserver<UploadArtifactRequest> upload = TrackingServiceGrpc.newStub(tracking)
                .withDeadlineAfter(30, TimeUnit.SECONDS)
                .uploadArtifact(new StreamObserver<>() {
                    @Override
                    public void onNext(UploadArtifactResponse response) {
                    }

                    @Override
                    public void onError(Throwable t) {
                        onError.accept(t);
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
        upload.onNext(UploadArtifactRequest.newBuilder().setHeader(ArtifactHeader.newBuilder()
                .setRunId(runId).setPath(path).setContentType(contentType)).build());
        for (int offset = 0; offset < bytes.length; offset += CHUNK) {
            upload.onNext(UploadArtifactRequest.newBuilder()
                    .setChunk(ByteString.copyFrom(bytes, offset, Math.min(CHUNK, bytes.length - offset))).build());
        }
        upload.onCompleted();
    }
}
