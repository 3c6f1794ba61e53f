package dev.ratchet.tracking.mlflow;

import dev.ratchet.common.database.DatabaseOutages;
import dev.ratchet.common.grpc.ApiException;
import dev.ratchet.tracking.mlflow.MlflowJson.MlflowException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Errors in MLflow's shape: 404 RESOURCE_DOES_NOT_EXIST, 400 INVALID_PARAMETER_VALUE, … */
public class MlflowErrors {
    private static final Logger LOG = Logger.getLogger(MlflowErrors.class);

    @ServerExceptionMapper
    public Response mlflow(MlflowException e) {
        return Response.status(e.status)
                .type(MediaType.APPLICATION_JSON)
                .entity(MlflowJson.object()
                        .put("error_code", e.errorCode)
                        .put("message", e.getMessage())
                        .toString())
                .build();
    }

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return mlflow(MlflowException.of(e));
    }

    /** Query parameters reach the database as text: one holding a NUL character is refused before. */
    @ServerRequestFilter
    public Optional<Response> refuseNul(UriInfo uri) {
        if (!uri.getPath().startsWith("/api/2.0/mlflow") && !uri.getPath().startsWith("/ajax-api/2.0/mlflow")) {
            return Optional.empty();
        }
        for (var parameter : uri.getQueryParameters().entrySet()) {
            if (parameter.getKey().indexOf('\0') >= 0
                    || parameter.getValue().stream().anyMatch(v -> v.indexOf('\0') >= 0)) {
                return Optional.of(mlflow(new MlflowException(
                        400,
                        "INVALID_PARAMETER_VALUE",
                        "query parameter '" + parameter.getKey().replace('\0', '?')
                                + "' holds a NUL character; remove it")));
            }
        }
        return Optional.empty();
    }

    /** A database that cannot be reached is 503, which MLflow's clients retry; anything else unexpected is 500. */
    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        if (e instanceof WebApplicationException web) {
            return web.getResponse();
        }
        if (DatabaseOutages.isOutage(e)) {
            return mlflow(new MlflowException(
                    503,
                    "TEMPORARILY_UNAVAILABLE",
                    "tracking's database is unreachable right now; retry (nothing of this request was stored)"));
        }
        LOG.error("Unexpected failure in an MLflow API call", e);
        return mlflow(new MlflowException(
                500,
                "INTERNAL_ERROR",
                "internal error: " + e.getClass().getSimpleName() + "; the service log has the details"));
    }
}
