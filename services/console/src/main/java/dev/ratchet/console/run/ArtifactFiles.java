package dev.ratchet.console.run;

import dev.ratchet.console.backend.Backends;
import dev.ratchet.tracking.v1.ArtifactInfo;
import dev.ratchet.tracking.v1.DownloadArtifactRequest;
import dev.ratchet.tracking.v1.DownloadArtifactResponse;
import io.grpc.StatusRuntimeException;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.util.Iterator;

/** A run's artifact, streamed from tracking as it arrives: images for the gallery, files to download. */
@Path("/runs/{id}/artifacts/{path: .+}")
public class ArtifactFiles {

    @Inject
    Backends backends;

    @GET
    public Response download(@PathParam("id") String runId, @PathParam("path") String path) {
        record Opened(ArtifactInfo info, Iterator<DownloadArtifactResponse> chunks) {}
        Opened opened = backends.tracking(t -> {
            Iterator<DownloadArtifactResponse> parts = t.downloadArtifact(DownloadArtifactRequest.newBuilder()
                    .setRunId(runId)
                    .setPath(path)
                    .build());
            return new Opened(parts.next().getInfo(), parts);
        });
        StreamingOutput body = out -> {
            try {
                while (opened.chunks().hasNext()) {
                    opened.chunks().next().getChunk().writeTo(out);
                }
            } catch (StatusRuntimeException e) {
                throw new IOException("tracking stopped sending " + path + ": " + e.getStatus(), e);
            }
        };
        String type = opened.info().getContentType().isBlank()
                ? guess(path)
                : opened.info().getContentType();
        String name = path.substring(path.lastIndexOf('/') + 1).replace("\"", "");
        return Response.ok(body, type)
                .header("Content-Length", opened.info().getSizeBytes())
                .header("Content-Disposition", "inline; filename=\"" + name + "\"")
                .header("X-Content-Type-Options", "nosniff")
                // a run's HTML report is shown, but its scripts may not act as the console
                .header("Content-Security-Policy", "sandbox")
                .build();
    }

    private static String guess(String path) {
        String lower = path.toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith(".png")) {
            return "image/png";
        }
        if (lower.endsWith(".jpg") || lower.endsWith(".jpeg")) {
            return "image/jpeg";
        }
        if (lower.endsWith(".svg")) {
            return "image/svg+xml";
        }
        if (lower.endsWith(".html")) {
            return "text/html; charset=UTF-8";
        }
        if (lower.endsWith(".json")) {
            return "application/json";
        }
        if (lower.endsWith(".csv") || lower.endsWith(".txt") || lower.endsWith(".log")) {
            return "text/plain; charset=UTF-8";
        }
        return "application/octet-stream";
    }
}
