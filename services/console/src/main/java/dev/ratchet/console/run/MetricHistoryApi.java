package dev.ratchet.console.run;

import dev.ratchet.console.backend.Backends;
import dev.ratchet.console.web.Formats;
import dev.ratchet.events.v1.MetricContext;
import dev.ratchet.events.v1.MetricPoint;
import dev.ratchet.tracking.v1.GetMetricHistoryRequest;
import dev.ratchet.tracking.v1.GetMetricHistoryResponse;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A metric's curve for the charts, one series per context, downsampled by tracking (M4: each
 * bucket keeps its first, last, lowest and highest point) to about as many points as the chart has
 * pixels — the browser never receives a million points. {@code from} / {@code to} (steps,
 * inclusive) narrow it to the range a zoomed chart shows, which then gets finer points.
 */
@Path("/api/runs/{id}/history")
public class MetricHistoryApi {
    static final int MAX_POINTS = 20_000;

    /**
     * One context's points as columns: steps, values (null where not finite: JSON has no NaN) and
     * times (seconds since the epoch).
     */
    public record Series(String label, long[] steps, Double[] values, double[] times) {}

    public record History(String key, List<Series> series, long totalPoints, boolean downsampled) {}

    @Inject
    Backends backends;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public History history(
            @PathParam("id") String runId,
            @QueryParam("key") String key,
            @QueryParam("points") @DefaultValue("1000") int points,
            @QueryParam("context") List<String> contexts,
            @QueryParam("from") Long fromStep,
            @QueryParam("to") Long toStep) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("key is required: the metric's name, e.g. ?key=loss");
        }
        if (points < 4 || points > MAX_POINTS) {
            throw new IllegalArgumentException("points must be 4 to " + MAX_POINTS + "; it is " + points);
        }
        // Each context gets the budget on its own: a validation curve is not thinned by a longer train curve.
        Map<MetricContext, List<MetricPoint>> byContext = new TreeMap<>();
        long total = 0;
        boolean downsampled = false;
        List<MetricContext> wanted = contexts == null || contexts.isEmpty()
                ? contextsOf(runId, key)
                : contexts.stream().map(MetricHistoryApi::context).toList();
        for (MetricContext context : wanted) {
            GetMetricHistoryRequest.Builder request = GetMetricHistoryRequest.newBuilder()
                    .setRunId(runId)
                    .setKey(key)
                    .setContext(context)
                    .setMaxPoints(points);
            if (fromStep != null) {
                request.setFirstStep(fromStep);
            }
            if (toStep != null) {
                request.setLastStep(toStep);
            }
            GetMetricHistoryResponse response = backends.tracking(t -> t.getMetricHistory(request.build()));
            byContext.put(context, response.getPointsList());
            total += response.getTotalPoints();
            downsampled |= response.getDownsampled();
        }
        List<Series> series = new ArrayList<>();
        byContext.forEach((context, list) -> series.add(series(Formats.word(context), list)));
        return new History(key, series, total, downsampled);
    }

    static MetricContext context(String word) {
        for (MetricContext context : MetricContext.values()) {
            if (context != MetricContext.UNRECOGNIZED && Formats.word(context).equals(word)) {
                return context;
            }
        }
        throw new IllegalArgumentException("context '" + word + "' is not one of train, validation, test, unspecified");
    }

    private List<MetricContext> contextsOf(String runId, String key) {
        return backends
                .tracking(t -> t.getRun(dev.ratchet.tracking.v1.GetRunRequest.newBuilder()
                        .setRunId(runId)
                        .build()))
                .getRun()
                .getMetricsList()
                .stream()
                .filter(m -> m.getKey().equals(key))
                .map(m -> m.getContext())
                .distinct()
                .toList();
    }

    static Series series(String label, List<MetricPoint> points) {
        long[] steps = new long[points.size()];
        Double[] values = new Double[points.size()];
        double[] times = new double[points.size()];
        for (int i = 0; i < points.size(); i++) {
            MetricPoint p = points.get(i);
            steps[i] = p.getStep();
            values[i] = Double.isFinite(p.getValue()) ? p.getValue() : null;
            times[i] = p.getTimestamp().getSeconds() + p.getTimestamp().getNanos() / 1e9;
        }
        return new Series(label, steps, values, times);
    }
}
