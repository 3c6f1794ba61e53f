package dev.ratchet.tracking.mlflow;

import dev.ratchet.tracking.TrackingConfig;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * MLflow requests larger than {@code ratchet.mlflow.max-body-bytes} are answered 413 with MLflow's
 * error shape. The body is read and discarded first: a client that sends the whole body before
 * reading (MLflow's Python client does) saw its connection reset when the server answered and
 * closed early, and never learnt why. The body is never held in memory.
 */
@ApplicationScoped
public class MlflowBodyLimit {
    @Inject
    TrackingConfig config;

    void install(@Observes Router router) {
        router.route("/api/2.0/mlflow/*").order(Integer.MIN_VALUE + 1).handler(this::limit);
        router.route("/ajax-api/2.0/mlflow/*").order(Integer.MIN_VALUE + 1).handler(this::limit);
    }

    private void limit(RoutingContext context) {
        HttpServerRequest request = context.request();
        long length = contentLength(request.getHeader("Content-Length"));
        if (length <= config.mlflow().maxBodyBytes()) {
            context.next();
            return;
        }
        String body = MlflowJson.object()
                .put("error_code", "REQUEST_LIMIT_EXCEEDED")
                .put(
                        "message",
                        "the request body is " + length + " bytes; at most "
                                + config.mlflow().maxBodyBytes()
                                + " are accepted (ratchet.mlflow.max-body-bytes): send smaller batches")
                .toString();
        if ("100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
            reply(context, body); // the client has not sent the body yet, and will not
            return;
        }
        request.handler(chunk -> {
            // discarded
        });
        request.endHandler(end -> reply(context, body));
        request.resume();
    }

    private static void reply(RoutingContext context, String body) {
        context.response()
                .setStatusCode(413)
                .putHeader("Content-Type", "application/json")
                .end(body);
    }

    private static long contentLength(String header) {
        if (header == null) {
            return -1;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
