package dev.ratchet.console.evaluation;

import dev.ratchet.console.backend.Backends;
import dev.ratchet.evaluation.v1.ErrorExample;
import dev.ratchet.evaluation.v1.Evaluation;
import dev.ratchet.evaluation.v1.GetEvaluationRequest;
import dev.ratchet.events.v1.MetricValue;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An evaluation, verdict first: the gate's decision and reasons, metrics with their intervals drawn,
 * slices with intervals and flags (sortable), behavioral tests with failing rows, the errors, the
 * hygiene checks, and the candidate beside the baseline. The saved, self-contained export is the
 * HTML report stored on the run.
 */
@Path("/evaluations/{id}")
public class EvaluationPage {

    /** A metric of the candidate beside the baseline's, when the gate had one. */
    public record Side(MetricValue candidate, Optional<MetricValue> baseline) {}

    /** A worst row whose values name an image the run stored (its input), shown in the errors' gallery. */
    public record ErrorImage(ErrorExample example, String column, String path) {}

    public record View(
            Evaluation evaluation,
            List<Side> metrics,
            List<String> sliceMetrics,
            String reportLink,
            List<ErrorImage> errorImages) {}

    /** A relative artifact path of an image: what a prediction file's input column holds for image data. */
    private static final Pattern IMAGE_PATH = Pattern.compile("(?i)(?!/)(?!.*\\.\\.)[\\w./-]+\\.(png|jpe?g|gif|webp)");

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance evaluation(View page);
    }

    @Inject
    Backends backends;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page(@PathParam("id") String id) {
        Evaluation evaluation = backends.evaluation(e -> e.getEvaluation(
                        GetEvaluationRequest.newBuilder().setEvaluationId(id).build()))
                .getEvaluation();
        Map<String, MetricValue> baseline = evaluation.getReport().getGate().getBaselineMetricsList().stream()
                .collect(Collectors.toMap(MetricValue::getName, Function.identity(), (a, b) -> a));
        List<MetricValue> metrics = evaluation.getReport().getMetricsCount() > 0
                ? evaluation.getReport().getMetricsList()
                : evaluation.getSummary().getMetricsList();
        List<Side> sides = metrics.stream()
                .map(m -> new Side(m, Optional.ofNullable(baseline.get(m.getName()))))
                .toList();
        List<String> sliceMetrics = evaluation.getReport().getSlicesList().stream()
                .flatMap(s -> s.getValuesList().stream())
                .flatMap(v -> v.getMetricsList().stream())
                .map(MetricValue::getName)
                .distinct()
                .limit(6)
                .toList();
        String report = evaluation.getRunId().isEmpty()
                ? ""
                : "/runs/" + evaluation.getRunId() + "/artifacts/evaluations/" + id + "/report.html";
        return Templates.evaluation(new View(evaluation, sides, sliceMetrics, report, errorImages(evaluation)));
    }

    /**
     * The worst rows' images: a value that is a relative path of an image among the run's artifacts
     * (e.g. a column {@code image = test/0017.png} next to the labels and predictions) is the row's
     * input, and the browser loads it from the run.
     */
    static List<ErrorImage> errorImages(Evaluation evaluation) {
        if (evaluation.getRunId().isEmpty()) {
            return List.of();
        }
        return evaluation.getReport().getErrors().getWorstList().stream()
                .flatMap(row -> row.getValuesMap().entrySet().stream()
                        .sorted(Map.Entry.comparingByKey())
                        .filter(value -> IMAGE_PATH.matcher(value.getValue()).matches())
                        .limit(1)
                        .map(value -> new ErrorImage(row, value.getKey(), value.getValue())))
                .toList();
    }
}
