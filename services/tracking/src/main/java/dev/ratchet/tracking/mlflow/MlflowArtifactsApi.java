package dev.ratchet.tracking.mlflow;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ratchet.tracking.artifact.Artifact;
import dev.ratchet.tracking.artifact.ArtifactStore;
import dev.ratchet.tracking.artifact.Artifacts;
import dev.ratchet.tracking.mlflow.MlflowJson.MlflowException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.UUID;

/**
 * MLflow's artifact proxy ({@code mlflow-artifacts:/} URIs): a run's artifact_uri is
 * {@code mlflow-artifacts:/<experiment>/<run>/artifacts}, so paths here are
 * {@code <experiment>/<run>/artifacts/<path>} — stored in the same content-addressed store as
 * artifacts uploaded over gRPC.
 */
@Path("/api/2.0/mlflow-artifacts/artifacts")
public class MlflowArtifactsApi {
    private static final int CHUNK = 64 * 1024;

    @Inject
    ArtifactStore store;

    @Inject
    Artifacts artifacts;

    @PUT
    @Path("{path: .+}")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public String upload(
            @PathParam("path") String path, @HeaderParam("Content-Type") String contentType, InputStream body) {
        RunPath target = RunPath.of(path);
        artifacts.requireRun(target.runId());
        String type = contentType == null || contentType.isBlank() ? MediaType.APPLICATION_OCTET_STREAM : contentType;
        try (ArtifactStore.Upload upload = store.upload()) {
            byte[] chunk = new byte[CHUNK];
            for (int read = body.read(chunk); read >= 0; read = body.read(chunk)) {
                if (read > 0) {
                    upload.write(Arrays.copyOf(chunk, read));
                }
            }
            artifacts.record(
                    target.runId(),
                    Artifacts.checkPath(target.file()),
                    upload.commit(),
                    type,
                    type.startsWith("image/"),
                    "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "{}";
    }

    @GET
    @Path("{path: .+}")
    public Response download(@PathParam("path") String path) {
        RunPath target = RunPath.of(path);
        Artifact artifact = artifacts.get(target.runId(), target.file());
        try {
            return Response.ok(store.open(artifact.digest), artifact.contentType)
                    .header("Content-Length", artifact.sizeBytes)
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One level of a run's artifact directory (or a directory in it), as MLflow's proxy lists it:
     * each entry by its base name, directories with {@code is_dir} and no size.
     */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String list(@QueryParam("path") String path) {
        if (path == null || path.isBlank()) {
            throw MlflowJson.invalid("path must name a run's artifacts: <experiment_id>/<run_id>/artifacts[/dir]");
        }
        RunPath target = RunPath.of(path.endsWith("/artifacts") ? path + "/" : path);
        ObjectNode response = MlflowJson.object();
        ArrayNode files = response.putArray("files");
        for (Artifacts.Entry entry : artifacts.listDirectory(target.runId(), target.file())) {
            files.add(MlflowJson.fileInfo(
                    entry, entry.path().substring(entry.path().lastIndexOf('/') + 1)));
        }
        return response.toString();
    }

    /** {@code <experiment>/<run>/artifacts/<file>}: the run and the file's path within it. */
    record RunPath(UUID runId, String file) {
        static RunPath of(String path) {
            String[] parts = path.split("/", 4);
            if (parts.length < 3 || !parts[2].equals("artifacts")) {
                throw MlflowJson.invalid(
                        "artifact path '" + path + "' must be <experiment_id>/<run_id>/artifacts/<path>");
            }
            try {
                return new RunPath(UUID.fromString(parts[1]), parts.length == 4 ? parts[3] : "");
            } catch (IllegalArgumentException e) {
                throw new MlflowException(
                        404,
                        "RESOURCE_DOES_NOT_EXIST",
                        "'" + parts[1] + "' in artifact path '" + path + "' is not a run id");
            }
        }
    }
}
