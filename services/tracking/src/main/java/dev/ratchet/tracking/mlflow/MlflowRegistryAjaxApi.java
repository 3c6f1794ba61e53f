package dev.ratchet.tracking.mlflow;

import jakarta.ws.rs.Path;

/** The registry API under the prefix MLflow's web UI calls. */
@Path("/ajax-api/2.0/mlflow")
public class MlflowRegistryAjaxApi extends MlflowRegistryApi {}
