package dev.ratchet.console.web;

import dev.ratchet.console.backend.BackendException;
import io.grpc.Status;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.logging.Logger;

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

    @ServerExceptionMapper
    public Response backendRefused(BackendException e) {
        Status.Code code = e.code();
        String detail = e.description();
        return switch (code) {
            case NOT_FOUND -> page(404, "Not found", detail);
            case INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE -> page(400, "Request refused", detail);
            case UNAVAILABLE, DEADLINE_EXCEEDED -> page(503, "A service is not answering",
                    "The " + e.service() + " service did not answer (" + code + "): " + detail
                            + ". Is it running? `bin/ratchet local up` starts the suite.");
            default -> {
                LOG.warnf(e, "backend call failed");
                yield page(502, "A service failed", code + ": " + detail);
            }
        };
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return page(404, "Not found", "There is no page at this address. Start from the experiments.");
    }

    @ServerExceptionMapper
    public Response badInput(IllegalArgumentException e) {
        return page(400, "Request refused", e.getMessage());
    }

    private static Response page(int status, String title, String detail) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(Templates.error(status, title, detail)).build();
    }
}
