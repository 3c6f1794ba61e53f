package dev.ratchet.console.run;

import dev.ratchet.console.backend.BackendException;
import dev.ratchet.console.backend.Backends;
import dev.ratchet.tracking.v1.ArtifactInfo;
import dev.ratchet.tracking.v1.DownloadArtifactRequest;
import dev.ratchet.tracking.v1.DownloadArtifactResponse;
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
        Iterator<DownloadArtifactResponse> parts =
                backends.trackingStream(t -> t.downloadArtifact(DownloadArtifactRequest.newBuilder()
                        .setRunId(runId)
                        .setPath(path)
                        .build()));
        ArtifactInfo info = parts.next().getInfo();
        StreamingOutput body = out -> {
            try {
                while (parts.hasNext()) {
                    parts.next().getChunk().writeTo(out);
                }
            } catch (BackendException e) {
                throw new IOException("tracking stopped sending " + path + ": " + e.getMessage(), e);
            }
        };
        String type = info.getContentType().isBlank() ? guess(path) : info.getContentType();
        String name = path.substring(path.lastIndexOf('/') + 1).replace("\"", "");
        return Response.ok(body, type)
                .header("Content-Length", info.getSizeBytes())
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
