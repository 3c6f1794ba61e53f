package dev.ratchet.console.experiment;

import dev.ratchet.console.backend.BackendException;
import dev.ratchet.console.backend.Backends;
import dev.ratchet.orchestration.v1.ListStudiesRequest;
import dev.ratchet.orchestration.v1.Study;
import dev.ratchet.tracking.v1.Baseline;
import dev.ratchet.tracking.v1.Experiment;
import dev.ratchet.tracking.v1.GetExperimentRequest;
import dev.ratchet.tracking.v1.GetRunRequest;
import dev.ratchet.tracking.v1.Idea;
import dev.ratchet.tracking.v1.ListBaselineHistoryRequest;
import dev.ratchet.tracking.v1.ListIdeasRequest;
import dev.ratchet.tracking.v1.Run;
import dev.ratchet.tracking.v1.SearchRunsRequest;
import dev.ratchet.tracking.v1.SearchRunsResponse;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One experiment: its runs table (columns chosen from params, metrics, tags and datasets; filtered
 * with the search language; sorted by any column on the server, 100 runs a page),
 * the baseline pinned on top, runs grouped under their ideas, the baseline history and the studies.
 */
@Path("/experiments/{id}")
public class ExperimentPage {
    static final int PAGE_SIZE = 100;

    /** One row: the run, its cells in column order, and whether it is the baseline. */
    public record RunRow(Run run, List<Cell> cells, boolean baseline) {}

    public record Cell(String text, String sort) {}

    /** The runs of one idea (or of none), in the table's order. */
    public record Group(Optional<Idea> idea, List<RunRow> rows) {}

    /** A sortable header: the link that sorts by it, and the arrow of the current order. */
    public record Header(RunColumn column, String sortLink, String arrow) {}

    public record View(
            Experiment experiment,
            String filter,
            String order,
            String filterError,
            List<Header> headers,
            List<RunColumn> offered,
            List<String> chosen,
            Optional<RunRow> baselineRow,
            Optional<Baseline> baseline,
            List<Baseline> history,
            List<Group> groups,
            int shown,
            String nextLink,
            List<Study> studies,
            String studiesNote,
            Map<String, String> fixedSorts) {}

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance experiment(View page);
    }

    @Inject
    Backends backends;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page(
            @PathParam("id") String id,
            @QueryParam("filter") @DefaultValue("") String filter,
            @QueryParam("order") @DefaultValue("") String order,
            @QueryParam("page") @DefaultValue("") String pageToken,
            @QueryParam("col") List<String> cols) {
        Experiment experiment = backends.tracking(t -> t.getExperiment(
                        GetExperimentRequest.newBuilder().setExperimentId(id).build()))
                .getExperiment();
        Optional<Baseline> baseline = ExperimentsPage.baseline(backends, id);
        String filterError = "";
        SearchRunsResponse found = SearchRunsResponse.getDefaultInstance();
        try {
            SearchRunsRequest.Builder search = SearchRunsRequest.newBuilder()
                    .addExperimentIds(id)
                    .setFilter(filter)
                    .setMaxResults(PAGE_SIZE)
                    .setPageToken(pageToken);
            if (!order.isBlank()) {
                search.addOrderBy(order);
            }
            found = backends.tracking(t -> t.searchRuns(search.build()));
        } catch (BackendException e) {
            if (!e.isInvalidArgument()) {
                throw e;
            }
            filterError = e.description();
        }
        List<Run> runs = found.getRunsList();
        Optional<Run> baselineRun = baseline.map(b -> runs.stream()
                .filter(r -> r.getRunId().equals(b.getRunId()))
                .findFirst()
                .orElseGet(() -> backends.tracking(t -> t.getRun(GetRunRequest.newBuilder()
                                .setRunId(b.getRunId())
                                .build()))
                        .getRun()));

        List<RunColumn> offered =
                RunColumn.offeredBy(baselineRun.map(b -> concat(b, runs)).orElse(runs));
        List<RunColumn> columns = cols == null || cols.isEmpty()
                ? RunColumn.defaults(offered)
                : cols.stream().map(RunColumn::parse).toList();
        Function<Run, RunRow> row = run -> new RunRow(
                run,
                columns.stream()
                        .map(c -> new Cell(c.value(run), c.sortValue(run)))
                        .toList(),
                baseline.map(b -> b.getRunId().equals(run.getRunId())).orElse(false));

        Map<String, Idea> ideas = backends
                .tracking(t -> t.listIdeas(
                        ListIdeasRequest.newBuilder().setExperimentId(id).build()))
                .getIdeasList()
                .stream()
                .collect(Collectors.toMap(Idea::getIdeaId, i -> i, (a, b) -> a, LinkedHashMap::new));
        Map<String, List<RunRow>> byIdea = new LinkedHashMap<>();
        for (Run run : runs) {
            RunRow built = row.apply(run);
            if (!built.baseline()) {
                byIdea.computeIfAbsent(run.getIdeaId(), k -> new ArrayList<>()).add(built);
            }
        }
        List<Group> groups = byIdea.entrySet().stream()
                .map(e -> new Group(Optional.ofNullable(ideas.get(e.getKey())), e.getValue()))
                .sorted((a, b) -> Boolean.compare(a.idea().isEmpty(), b.idea().isEmpty()))
                .toList();

        List<Baseline> history = backends.tracking(t -> t.listBaselineHistory(ListBaselineHistoryRequest.newBuilder()
                        .setExperimentId(id)
                        .build()))
                .getBaselinesList();
        List<Study> studies = List.of();
        String studiesNote = "";
        try {
            studies = backends.orchestration(o -> o.listStudies(ListStudiesRequest.newBuilder()
                            .setExperimentName(experiment.getName())
                            .setMaxResults(50)
                            .build()))
                    .getStudiesList();
        } catch (BackendException e) {
            studiesNote = "The orchestrator did not answer (" + e.code() + "): its studies are not shown.";
        }

        String base = "/experiments/" + id + "?filter=" + encode(filter)
                + columns.stream().map(c -> "&col=" + encode(c.id())).collect(Collectors.joining());
        List<Header> headers = columns.stream().map(c -> header(c, base, order)).toList();
        String next = found.getNextPageToken().isEmpty()
                ? ""
                : base + "&order=" + encode(order) + "&page=" + encode(found.getNextPageToken());
        Map<String, String> fixedSorts = new LinkedHashMap<>();
        fixedSorts.put("name", base + "&order=" + encode(toggle("attributes.name", order)));
        fixedSorts.put("started", base + "&order=" + encode(toggle("attributes.start_time", order)));
        return Templates.experiment(new View(
                experiment,
                filter,
                order,
                filterError,
                headers,
                offered,
                columns.stream().map(RunColumn::id).toList(),
                baselineRun.map(row),
                baseline,
                history,
                groups,
                runs.size(),
                next,
                studies,
                studiesNote,
                fixedSorts));
    }

    private static List<Run> concat(Run first, List<Run> rest) {
        List<Run> all = new ArrayList<>(rest);
        all.add(first);
        return all;
    }

    private static Header header(RunColumn column, String base, String order) {
        return column.sortField()
                .map(field -> new Header(column, base + "&order=" + encode(toggle(field, order)), arrow(field, order)))
                .orElse(new Header(column, "", ""));
    }

    /** Sorting by the current field again flips its direction; a new field starts descending for metrics. */
    static String toggle(String field, String order) {
        if (order.equals(field + " DESC")) {
            return field + " ASC";
        }
        if (order.equals(field + " ASC")) {
            return field + " DESC";
        }
        return field + (field.startsWith("metrics.") ? " DESC" : " ASC");
    }

    private static String arrow(String field, String order) {
        return order.equals(field + " ASC") ? "▲" : order.equals(field + " DESC") ? "▼" : "";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
