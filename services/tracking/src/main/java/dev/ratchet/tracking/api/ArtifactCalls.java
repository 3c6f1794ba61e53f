package dev.ratchet.tracking.api;

import com.google.protobuf.ByteString;
import dev.ratchet.common.grpc.ApiException;
import dev.ratchet.common.grpc.GrpcCalls;
import dev.ratchet.common.grpc.Requests;
import dev.ratchet.tracking.artifact.Artifact;
import dev.ratchet.tracking.artifact.ArtifactStore;
import dev.ratchet.tracking.artifact.Artifacts;
import dev.ratchet.tracking.v1.ArtifactHeader;
import dev.ratchet.tracking.v1.DownloadArtifactRequest;
import dev.ratchet.tracking.v1.DownloadArtifactResponse;
import dev.ratchet.tracking.v1.ListArtifactsRequest;
import dev.ratchet.tracking.v1.ListArtifactsResponse;
import dev.ratchet.tracking.v1.UploadArtifactRequest;
import dev.ratchet.tracking.v1.UploadArtifactResponse;
import dev.ratchet.tracking.view.RunViews;
import io.grpc.stub.StreamObserver;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.UUID;

/**
 * Artifacts: streamed up and down in chunks, and listed. The gRPC face routes their calls here:
 * requests checked, the work delegated, results mapped.
 */
@ApplicationScoped
class ArtifactCalls {
    @Inject
    Artifacts artifacts;

    @Inject
    ArtifactStore store;

    StreamObserver<UploadArtifactRequest> uploadArtifact(StreamObserver<UploadArtifactResponse> observer) {
        return new StreamObserver<>() {
            private ArtifactHeader header;
            private ArtifactStore.Upload upload;
            private boolean failed;

            @Override
            public void onNext(UploadArtifactRequest request) {
                if (failed) {
                    return;
                }
                try {
                    if (header == null) {
                        if (!request.hasHeader()) {
                            throw ApiException.invalidArgument("the first message must be the header (run_id, path)");
                        }
                        header = request.getHeader();
                        artifacts.requireRun(Requests.uuid("header.run_id", header.getRunId()));
                        Artifacts.checkPath(header.getPath());
                        Artifacts.checkCaption(header.getCaption());
                        upload = store.upload();
                    } else if (request.hasHeader()) {
                        throw ApiException.invalidArgument("only the first message may be a header");
                    } else {
                        upload.write(request.getChunk().toByteArray());
                    }
                } catch (RuntimeException e) {
                    fail(e);
                }
            }

            @Override
            public void onError(Throwable t) {
                if (upload != null) {
                    upload.close();
                }
            }

            @Override
            public void onCompleted() {
                if (failed) {
                    return;
                }
                GrpcCalls.unary(observer, () -> {
                    if (header == null) {
                        throw ApiException.invalidArgument("the upload was empty: send a header, then the chunks");
                    }
                    try (ArtifactStore.Upload done = upload) {
                        Artifact artifact = artifacts.record(
                                UUID.fromString(header.getRunId()),
                                header.getPath(),
                                done.commit(),
                                header.getContentType(),
                                header.getImage(),
                                header.getCaption());
                        return UploadArtifactResponse.newBuilder()
                                .setArtifact(RunViews.artifact(artifact))
                                .build();
                    }
                });
            }

            private void fail(RuntimeException e) {
                failed = true;
                if (upload != null) {
                    upload.close();
                }
                observer.onError(GrpcCalls.toStatus(e).asRuntimeException());
            }
        };
    }

    void downloadArtifact(DownloadArtifactRequest request, StreamObserver<DownloadArtifactResponse> observer) {
        Artifact artifact;
        try {
            artifact = artifacts.get(Requests.uuid("run_id", request.getRunId()), request.getPath());
        } catch (RuntimeException e) {
            observer.onError(GrpcCalls.toStatus(e).asRuntimeException());
            return;
        }
        observer.onNext(DownloadArtifactResponse.newBuilder()
                .setInfo(RunViews.artifact(artifact))
                .build());
        try (InputStream in = store.open(artifact.digest)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                observer.onNext(DownloadArtifactResponse.newBuilder()
                        .setChunk(ByteString.copyFrom(buffer, 0, n))
                        .build());
            }
        } catch (IOException e) {
            observer.onError(GrpcCalls.toStatus(new UncheckedIOException(e)).asRuntimeException());
            return;
        }
        observer.onCompleted();
    }

    ListArtifactsResponse listArtifacts(ListArtifactsRequest request) {
        return ListArtifactsResponse.newBuilder()
                .addAllArtifacts(artifacts.list(Requests.uuid("run_id", request.getRunId())).stream()
                        .map(RunViews::artifact)
                        .toList())
                .build();
    }
}
