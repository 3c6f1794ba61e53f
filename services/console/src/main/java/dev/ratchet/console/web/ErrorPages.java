package dev.ratchet.console.web;

import dev.ratchet.console.backend.BackendException;
import io.grpc.Status;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every failure becomes a page that says what happened and what to do — never a stack trace: an
 * unknown id is 404, a refused request 400, a service that does not answer 503 naming the service.
 */
public class ErrorPages {
    private static final Logger LOG = Logger.getLogger(ErrorPages.class);

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance error(int status, String title, String detail);
    }

    /** What a chart's script reads when its data cannot be had. */
    public record ApiError(int status, String message) {}

    @ServerExceptionMapper
    public Response backendRefused(BackendException e, UriInfo uri) {
        Response page = page(e);
        return isApi(uri) ? json(page.getStatus(), e.description()) : page;
    }

    private static Response page(BackendException e) {
        Status.Code code = e.code();
        String detail = e.description();
        return switch (code) {
            case NOT_FOUND -> page(404, "Not found", detail);
            case INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE -> page(400, "Request refused", detail);
            case UNAVAILABLE, DEADLINE_EXCEEDED ->
                page(
                        503,
                        "A service is not answering",
                        "The " + e.service() + " service did not answer (" + code + "): " + detail
                                + ". Is it running? `bin/ratchet local up` starts the suite.");
            default -> {
                LOG.warnf(e, "backend call failed");
                yield page(502, "A service failed", code + ": " + detail);
            }
        };
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, UriInfo uri) {
        String detail = "There is no page at this address. Start from the experiments.";
        return isApi(uri) ? json(404, detail) : page(404, "Not found", detail);
    }

    @ServerExceptionMapper
    public Response badInput(IllegalArgumentException e, UriInfo uri) {
        return isApi(uri) ? json(400, e.getMessage()) : page(400, "Request refused", e.getMessage());
    }

    private static boolean isApi(UriInfo uri) {
        String path = uri.getPath().startsWith("/") ? uri.getPath().substring(1) : uri.getPath();
        return path.startsWith("api/") || path.startsWith("live/");
    }

    private static Response json(int status, String message) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError(status, message))
                .build();
    }

    private static Response page(int status, String title, String detail) {
        return Response.status(status)
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(Templates.error(status, title, detail))
                .build();
    }
}
