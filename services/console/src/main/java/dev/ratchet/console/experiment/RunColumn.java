package dev.ratchet.console.experiment;

import dev.ratchet.console.web.Formats;
import dev.ratchet.events.v1.MetricContext;
import dev.ratchet.tracking.v1.DatasetInput;
import dev.ratchet.tracking.v1.MetricSummary;
import dev.ratchet.tracking.v1.Run;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A column of the runs table: a param, a metric's latest value in one context, a tag, or the
 * datasets' digests. Its id ("params.lr", "metrics.loss@validation", "tags.team", "datasets") is
 * what the page's address carries; {@link #sortField()} is the search language's name for it.
 */
public record RunColumn(String kind, String name, MetricContext context) {

    public static RunColumn parse(String id) {
        int dot = id.indexOf('.');
        String kind = dot < 0 ? id : id.substring(0, dot);
        String rest = dot < 0 ? "" : id.substring(dot + 1);
        return switch (kind) {
            case "params", "tags" -> new RunColumn(kind, nonEmpty(rest, id), MetricContext.METRIC_CONTEXT_UNSPECIFIED);
            case "metrics" -> {
                int at = rest.lastIndexOf('@');
                String name = at < 0 ? rest : rest.substring(0, at);
                MetricContext context =
                        at < 0 ? MetricContext.METRIC_CONTEXT_UNSPECIFIED : context(rest.substring(at + 1));
                yield new RunColumn(kind, nonEmpty(name, id), context);
            }
            case "datasets" -> new RunColumn(kind, "", MetricContext.METRIC_CONTEXT_UNSPECIFIED);
            default ->
                throw new IllegalArgumentException("unknown column '" + id
                        + "': use params.<name>, metrics.<name>[@train|@validation|@test], tags.<name> or datasets");
        };
    }

    public String id() {
        return switch (kind) {
            case "metrics" ->
                "metrics." + name
                        + (context == MetricContext.METRIC_CONTEXT_UNSPECIFIED ? "" : "@" + Formats.word(context));
            case "datasets" -> "datasets";
            default -> kind + "." + name;
        };
    }

    public String label() {
        return switch (kind) {
            case "metrics" ->
                name + (context == MetricContext.METRIC_CONTEXT_UNSPECIFIED ? "" : " (" + Formats.word(context) + ")");
            case "datasets" -> "datasets";
            default -> name;
        };
    }

    public boolean numeric() {
        return kind.equals("metrics");
    }

    /** The field SearchRuns sorts by; empty for columns it cannot sort (datasets). */
    public Optional<String> sortField() {
        String quoted = name.matches("[A-Za-z_][A-Za-z0-9_.]*") ? name : "`" + name + "`";
        return switch (kind) {
            case "params", "tags", "metrics" -> Optional.of(kind + "." + quoted);
            default -> Optional.empty();
        };
    }

    /** The run's value in this column, as shown; empty when it has none. */
    public String value(Run run) {
        return switch (kind) {
            case "params" -> Formats.shortNumber(run.getParamsOrDefault(name, ""));
            case "tags" -> run.getTagsOrDefault(name, "");
            case "metrics" ->
                metric(run).map(m -> Formats.num(m.getLastValue())).orElse("");
            default ->
                String.join(
                        " ",
                        run.getDatasetsList().stream()
                                .map(d -> Formats.word(d.getRole()) + ":" + shortDigest(d))
                                .toList());
        };
    }

    /** The raw number for a metric column (for sorting in the browser); empty otherwise. */
    public String sortValue(Run run) {
        return kind.equals("metrics")
                ? metric(run).map(m -> Double.toString(m.getLastValue())).orElse("")
                : value(run);
    }

    private Optional<MetricSummary> metric(Run run) {
        return run.getMetricsList().stream()
                .filter(m -> m.getKey().equals(name))
                .filter(m -> context == MetricContext.METRIC_CONTEXT_UNSPECIFIED || m.getContext() == context)
                .findFirst();
    }

    /** The columns a page's runs offer: every param, metric (per context) and tag they have. */
    public static List<RunColumn> offeredBy(List<Run> runs) {
        Set<String> ids = new TreeSet<>();
        boolean datasets = false;
        for (Run run : runs) {
            run.getParamsMap().keySet().forEach(k -> ids.add("params." + k));
            run.getMetricsList().forEach(m -> ids.add(new RunColumn("metrics", m.getKey(), m.getContext()).id()));
            run.getTagsMap().keySet().stream()
                    .filter(k -> !k.startsWith("mlflow."))
                    .forEach(k -> ids.add("tags." + k));
            datasets |= run.getDatasetsCount() > 0;
        }
        List<RunColumn> offered = new java.util.ArrayList<>(ids.stream()
                .map(RunColumn::parse)
                .sorted(Comparator.comparing((RunColumn c) -> order(c.kind)).thenComparing(RunColumn::id))
                .toList());
        if (datasets) {
            offered.add(parse("datasets"));
        }
        return offered;
    }

    /** Without a choice: the first eight params and the first eight metrics. */
    public static List<RunColumn> defaults(List<RunColumn> offered) {
        List<RunColumn> params =
                offered.stream().filter(c -> c.kind.equals("params")).limit(8).toList();
        List<RunColumn> metrics =
                offered.stream().filter(c -> c.kind.equals("metrics")).limit(8).toList();
        return java.util.stream.Stream.concat(params.stream(), metrics.stream()).toList();
    }

    private static int order(String kind) {
        return switch (kind) {
            case "params" -> 0;
            case "metrics" -> 1;
            default -> 2;
        };
    }

    private static String shortDigest(DatasetInput dataset) {
        String digest = dataset.getDigest();
        int colon = digest.indexOf(':');
        String hex = colon < 0 ? digest : digest.substring(colon + 1);
        return hex.length() > 10 ? hex.substring(0, 10) : hex;
    }

    private static MetricContext context(String word) {
        return switch (word.toLowerCase(Locale.ROOT)) {
            case "train" -> MetricContext.METRIC_CONTEXT_TRAIN;
            case "validation" -> MetricContext.METRIC_CONTEXT_VALIDATION;
            case "test" -> MetricContext.METRIC_CONTEXT_TEST;
            default ->
                throw new IllegalArgumentException(
                        "unknown metric context '" + word + "': use train, validation or test");
        };
    }

    private static String nonEmpty(String name, String id) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("column '" + id + "' names no field");
        }
        return name;
    }
}
