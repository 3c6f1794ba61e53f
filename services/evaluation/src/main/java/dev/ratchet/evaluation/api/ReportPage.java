package dev.ratchet.evaluation.api;

import dev.ratchet.common.grpc.ApiException;
import dev.ratchet.evaluation.profile.DatasetProfiles;
import dev.ratchet.evaluation.report.HtmlReport;
import dev.ratchet.evaluation.report.ProfileReport;
import dev.ratchet.evaluation.results.Evaluation;
import dev.ratchet.evaluation.results.Evaluations;
import io.grpc.Status;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.UUID;

/**
 * {@code GET /evaluations/<id>/report.html}: the HTML report of a succeeded evaluation;
 * {@code GET /profiles/<key>/report.html}: a stored dataset profile.
 */
@ApplicationScoped
public class ReportPage {
    @Inject
    Evaluations evaluations;

    @Inject
    DatasetProfiles profiles;

    void routes(@Observes Router router) {
        router.get("/evaluations/:id/report.html").blockingHandler(context -> {
            String id = context.pathParam("id");
            try {
                Evaluation evaluation = evaluations.get(UUID.fromString(id));
                String html = Evaluations.report(evaluation)
                        .map(report -> HtmlReport.render(report, evaluation.runId.toString(), id))
                        .orElse(null);
                if (html == null) {
                    context.response()
                            .setStatusCode(404)
                            .end("evaluation " + id + " failed: " + evaluation.failureMessage + "\n");
                    return;
                }
                context.response()
                        .putHeader("Content-Type", "text/html; charset=utf-8")
                        .end(html);
            } catch (IllegalArgumentException | ApiException e) {
                context.response().setStatusCode(404).end("no evaluation with id " + id + "\n");
            }
        });
        router.get("/profiles/:key/report.html").blockingHandler(context -> {
            try {
                String html = ProfileReport.render(
                        profiles.get(context.pathParam("key")).getProfile());
                context.response()
                        .putHeader("Content-Type", "text/html; charset=utf-8")
                        .end(html);
            } catch (ApiException e) {
                context.response()
                        .setStatusCode(e.code() == Status.Code.UNAVAILABLE ? 503 : 404)
                        .end(e.getMessage() + "\n");
            }
        });
    }
}
