package dev.ratchet.common.artifacts;

import com.google.protobuf.ByteString;
import dev.ratchet.tracking.v1.ArtifactHeader;
import dev.ratchet.tracking.v1.TrackingServiceGrpc;
import dev.ratchet.tracking.v1.UploadArtifactRequest;
import dev.ratchet.tracking.v1.UploadArtifactResponse;
import io.grpc.Channel;
import io.grpc.Context;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Streams a file a service produced (a report, a job's log) into tracking as an artifact of a run,
 * in chunks. The upload runs in the root gRPC context, never in the context of a call the service
 * is answering: that context is cancelled when its call ends, and an upload started in it was
 * cancelled with it ("io.grpc.Context was cancelled").
 */
public final class ArtifactUpload {
    private static final int CHUNK = 1 << 20;

    private ArtifactUpload() {}

    /** Starts the upload; the future completes with tracking's answer, or fails (tracking down, unknown run). */
    public static CompletableFuture<UploadArtifactResponse> start(
            Channel tracking, String runId, String path, String contentType, byte[] bytes) {
        return start(tracking, runId, path, contentType, false, bytes);
    }

    /** The same, flagged as an image a client shows (a gallery of samples or errors) when {@code image}. */
    public static CompletableFuture<UploadArtifactResponse> start(
            Channel tracking, String runId, String path, String contentType, boolean image, byte[] bytes) {
        CompletableFuture<UploadArtifactResponse> answer = new CompletableFuture<>();
        Context.ROOT.run(() -> {
            StreamObserver<UploadArtifactRequest> upload = TrackingServiceGrpc.newStub(tracking)
                    .withDeadlineAfter(30, TimeUnit.SECONDS)
                    .uploadArtifact(new StreamObserver<>() {
                        @Override
                        public void onNext(UploadArtifactResponse response) {
                            answer.complete(response);
                        }

                        @Override
                        public void onError(Throwable t) {
                            answer.completeExceptionally(t);
                        }

                        @Override
                        public void onCompleted() {
                            answer.complete(UploadArtifactResponse.getDefaultInstance());
                        }
                    });
            upload.onNext(UploadArtifactRequest.newBuilder()
                    .setHeader(ArtifactHeader.newBuilder()
                            .setRunId(runId)
                            .setPath(path)
                            .setContentType(contentType)
                            .setImage(image))
                    .build());
            for (int offset = 0; offset < bytes.length; offset += CHUNK) {
                upload.onNext(UploadArtifactRequest.newBuilder()
                        .setChunk(ByteString.copyFrom(bytes, offset, Math.min(CHUNK, bytes.length - offset)))
                        .build());
            }
            upload.onCompleted();
        });
        return answer;
    }
}
