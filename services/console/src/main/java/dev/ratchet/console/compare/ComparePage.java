package dev.ratchet.console.compare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ratchet.console.backend.BackendException;
import dev.ratchet.console.backend.Backends;
import dev.ratchet.console.web.Formats;
import dev.ratchet.tracking.v1.CompareRunsRequest;
import dev.ratchet.tracking.v1.CompareRunsResponse;
import dev.ratchet.tracking.v1.GetRunRequest;
import dev.ratchet.tracking.v1.MetricSummary;
import dev.ratchet.tracking.v1.Run;
import dev.ratchet.tracking.v1.SearchRunsRequest;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.stream.Collectors;
import org.eclipse.microprofile.context.ManagedExecutor;

/**
 * 2 to 1,000 runs side by side: the params that differ, each metric's value and its change from the
 * first run, the first run against each of the next ten explained by CompareRuns, their curves
 * overlaid, parallel coordinates of params → a metric and a scatter of any param against any metric.
 */
@Path("/compare")
public class ComparePage {
    static final int MAX_RUNS = 1000;
    static final int EXPLAINED = 10;
    /** The tables show this many runs; the charts show them all. */
    static final int TABLE_RUNS = 50;

    static final int FETCH_CONCURRENCY = 8;

    public record ParamRow(String name, List<String> values) {}

    public record MetricRow(String name, List<String> values, List<String> deltas) {}

    public record Explained(Run candidate, CompareRunsResponse comparison) {}

    /** What the charts need per run: its params and its metrics' latest values. */
    public record RunData(
            String id,
            String name,
            Map<String, String> params,
            Map<String, Double> metrics,
            Map<String, List<String>> contexts) {}

    public record View(
            List<Run> runs,
            List<Run> tableRuns,
            List<ParamRow> params,
            int sameParams,
            List<MetricRow> metrics,
            List<Explained> explained,
            List<String> metricKeys,
            List<String> paramNames,
            String dataJson) {}

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance compare(View page);
    }

    @Inject
    Backends backends;

    @Inject
    ObjectMapper json;

    @Inject
    ManagedExecutor executor;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page(
            @QueryParam("run") List<String> ids,
            @QueryParam("experiment") String experiment,
            @QueryParam("filter") @DefaultValue("") String filter,
            @QueryParam("max") @DefaultValue("1000") int max)
            throws JsonProcessingException {
        List<Run> runs = experiment == null || experiment.isBlank() ? byIds(ids) : matching(experiment, filter, max);

        Set<String> paramNames = new TreeSet<>();
        runs.forEach(r -> paramNames.addAll(r.getParamsMap().keySet()));
        List<Run> tableRuns = runs.subList(0, Math.min(TABLE_RUNS, runs.size()));
        List<ParamRow> differing = new ArrayList<>();
        for (String name : paramNames) {
            if (runs.stream()
                            .map(r -> r.getParamsOrDefault(name, ""))
                            .distinct()
                            .count()
                    > 1) {
                differing.add(new ParamRow(
                        name,
                        tableRuns.stream()
                                .map(r -> r.getParamsOrDefault(name, ""))
                                .toList()));
            }
        }
        Map<String, List<Double>> metricValues = new LinkedHashMap<>();
        Set<String> metricNames = new TreeSet<>();
        runs.forEach(r -> r.getMetricsList().forEach(m -> metricNames.add(label(m))));
        for (String name : metricNames) {
            metricValues.put(
                    name,
                    tableRuns.stream()
                            .map(r -> r.getMetricsList().stream()
                                    .filter(m -> label(m).equals(name))
                                    .findFirst()
                                    .map(MetricSummary::getLastValue)
                                    .orElse(null))
                            .toList());
        }
        List<MetricRow> metrics = metricValues.entrySet().stream()
                .map(e -> {
                    Double first = e.getValue().get(0);
                    return new MetricRow(
                            e.getKey(),
                            e.getValue().stream()
                                    .map(v -> v == null ? "" : Formats.num(v))
                                    .toList(),
                            e.getValue().stream()
                                    .map(v -> v == null || first == null ? "" : signed(v - first))
                                    .toList());
                })
                .toList();
        List<Explained> explained = runs.stream()
                .skip(1)
                .limit(EXPLAINED)
                .map(candidate -> new Explained(
                        candidate,
                        backends.tracking(t -> t.compareRuns(CompareRunsRequest.newBuilder()
                                .setBaseRunId(runs.get(0).getRunId())
                                .setCandidateRunId(candidate.getRunId())
                                .build()))))
                .toList();
        List<String> keys = runs.stream()
                .flatMap(r -> r.getMetricsList().stream())
                .map(MetricSummary::getKey)
                .distinct()
                .sorted()
                .toList();
        List<RunData> data = runs.stream()
                .map(r -> new RunData(
                        r.getRunId(),
                        Formats.label(r),
                        r.getParamsMap(),
                        r.getMetricsList().stream()
                                .filter(m -> Double.isFinite(m.getLastValue()))
                                .collect(
                                        Collectors.toMap(ComparePage::label, MetricSummary::getLastValue, (a, b) -> a)),
                        r.getMetricsList().stream()
                                .collect(Collectors.groupingBy(
                                        MetricSummary::getKey,
                                        TreeMap::new,
                                        Collectors.mapping(m -> Formats.word(m.getContext()), Collectors.toList())))))
                .toList();
        return Templates.compare(new View(
                runs,
                tableRuns,
                differing,
                paramNames.size() - differing.size(),
                metrics,
                explained,
                keys,
                new ArrayList<>(paramNames),
                json.writeValueAsString(data).replace("</", "<\\/")));
    }

    /** The runs ticked in an experiment's table: a form sent as POST, as 100 ids do not fit in an address. */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance ticked(@FormParam("run") List<String> ids) throws JsonProcessingException {
        return page(ids, null, "", MAX_RUNS);
    }

    /** The runs ticked, in the order asked. */
    private List<Run> byIds(List<String> ids) {
        List<String> wanted = ids == null ? List.of() : new ArrayList<>(new LinkedHashSet<>(ids));
        if (wanted.size() < 2 || wanted.size() > MAX_RUNS) {
            throw new IllegalArgumentException("Select 2 to " + MAX_RUNS + " runs to compare (" + wanted.size()
                    + " selected): tick them in an experiment's runs table.");
        }
        wanted.forEach(ComparePage::checkId);
        List<Run> runs = fetch(wanted);
        Set<String> missing = new LinkedHashSet<>(wanted);
        runs.forEach(r -> missing.remove(r.getRunId()));
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("No run with id " + String.join(", ", missing));
        }
        return runs;
    }

    /** Up to {@code max} runs of an experiment that match a filter (too many to tick, and to put in an address). */
    private List<Run> matching(String experiment, String filter, int max) {
        if (max < 2 || max > MAX_RUNS) {
            throw new IllegalArgumentException("max must be 2 to " + MAX_RUNS + "; it is " + max);
        }
        List<Run> runs = new ArrayList<>();
        String token = "";
        do {
            String page = token;
            var found = backends.tracking(t -> t.searchRuns(SearchRunsRequest.newBuilder()
                    .addExperimentIds(experiment)
                    .setFilter(filter)
                    .setMaxResults(Math.min(1000, max - runs.size()))
                    .setPageToken(page)
                    .build()));
            runs.addAll(found.getRunsList());
            token = found.getNextPageToken();
        } while (!token.isEmpty() && runs.size() < max);
        if (runs.size() < 2) {
            throw new IllegalArgumentException(runs.size() + " run(s) match; compare needs at least 2");
        }
        return runs;
    }

    /**
     * The runs in the order asked: a GetRun each, eight at a time — cheaper in tracking than one
     * search whose filter ORs 100 ids (over 10 s at 10,000 runs).
     */
    private List<Run> fetch(List<String> ids) {
        List<CompletableFuture<Optional<Run>>> calls = new ArrayList<>();
        Semaphore slots = new Semaphore(FETCH_CONCURRENCY);
        for (String id : ids) {
            calls.add(CompletableFuture.supplyAsync(
                    () -> {
                        slots.acquireUninterruptibly();
                        try {
                            return Optional.of(backends.tracking(t -> t.getRun(GetRunRequest.newBuilder()
                                            .setRunId(id)
                                            .build()))
                                    .getRun());
                        } catch (BackendException e) {
                            if (e.isNotFound()) {
                                return Optional.<Run>empty();
                            }
                            throw e;
                        } finally {
                            slots.release();
                        }
                    },
                    executor));
        }
        List<Run> runs = new ArrayList<>();
        for (CompletableFuture<Optional<Run>> call : calls) {
            try {
                call.join().ifPresent(runs::add);
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }
        return runs;
    }

    static String label(MetricSummary metric) {
        String context = Formats.word(metric.getContext());
        return context.equals("unspecified") ? metric.getKey() : metric.getKey() + " (" + context + ")";
    }

    private static String signed(double delta) {
        return delta > 0 ? "+" + Formats.num(delta) : Formats.num(delta);
    }

    private static void checkId(String id) {
        try {
            java.util.UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + id + "' is not a run id (a UUID)");
        }
    }
}
