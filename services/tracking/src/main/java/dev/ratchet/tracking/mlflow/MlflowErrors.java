package dev.ratchet.tracking.mlflow;

import dev.ratchet.common.grpc.ApiException;
import dev.ratchet.tracking.mlflow.MlflowJson.MlflowException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Errors in MLflow's shape: 404 RESOURCE_DOES_NOT_EXIST, 400 INVALID_PARAMETER_VALUE, … */
public class MlflowErrors {
    @ServerExceptionMapper
    public Response mlflow(MlflowException e) {
        return Response.status(e.status).type(MediaType.APPLICATION_JSON)
                .entity(MlflowJson.object().put("error_code", e.errorCode).put("message", e.getMessage()).toString())
                .build();
    }

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return mlflow(MlflowException.of(e));
    }
}
