package dev.ratchet.evaluation.report;

import static dev.ratchet.evaluation.report.HtmlReport.escape;
import static dev.ratchet.evaluation.report.HtmlReport.number;
import static dev.ratchet.evaluation.report.HtmlReport.percent;
import static dev.ratchet.evaluation.report.HtmlRows.left;
import static dev.ratchet.evaluation.report.HtmlRows.leftHtml;
import static dev.ratchet.evaluation.report.HtmlRows.row;
import static dev.ratchet.evaluation.report.HtmlRows.styled;

import dev.ratchet.events.v1.ColumnProfile;
import dev.ratchet.events.v1.ColumnShift;
import dev.ratchet.events.v1.DataProfile;
import dev.ratchet.events.v1.HistogramBin;
import dev.ratchet.events.v1.PartProfile;
import dev.ratchet.events.v1.Quantile;
import dev.ratchet.events.v1.SampleRow;
import dev.ratchet.events.v1.ValueCount;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A dataset profile as one self-contained HTML page in the evaluation report's style: the parts
 * side by side, column by column — histograms as inline SVG drawn as shares so that parts of
 * different sizes compare, top values with the slices too small to measure marked.
 */
public final class ProfileReport {
    private static final String[] COLORS = {"#1f5fbf", "#d9822b", "#2e9e5b", "#8e44ad"};

    private final StringBuilder html = new StringBuilder();

    private ProfileReport() {}

    public static String render(DataProfile profile) {
        ProfileReport page = new ProfileReport();
        page.write(profile);
        return page.html.toString();
    }

    private void write(DataProfile profile) {
        html.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>Dataset profile</title><style>")
                .append(HtmlReport.STYLE)
                .append("</style></head><body><h1>Dataset profile</h1><p>")
                .append(escape(profile.getKey()))
                .append("</p>");
        html.append(
                "<table><tr><th class=\"l\">part</th><th>rows</th><th class=\"l\">digest</th><th class=\"l\">file</th></tr>");
        for (PartProfile part : profile.getPartsList()) {
            html.append(row(
                    leftHtml(swatch(part.getRole(), profile)),
                    part.getRows(),
                    left(part.getDigest()),
                    left(part.getUri())));
        }
        html.append("</table>");
        if (profile.getWarningsCount() > 0) {
            html.append("<h2>Warnings</h2><ul>");
            profile.getWarningsList()
                    .forEach(w ->
                            html.append("<li class=\"warn\">").append(escape(w)).append("</li>"));
            html.append("</ul>");
        }
        if (profile.getShiftsCount() > 0) {
            shifts(profile.getShiftsList());
        }
        if (!profile.getLabelColumn().isEmpty()) {
            html.append("<h2>Label: ").append(escape(profile.getLabelColumn())).append("</h2>");
            valueTable(profile, part -> part.getLabelsList());
        }
        html.append("<h2>Columns</h2>");
        for (String column : columnNames(profile)) {
            column(profile, column);
        }
        samples(profile);
        html.append("</body></html>");
    }

    private void shifts(List<ColumnShift> shifts) {
        html.append("<h2>Differences between parts</h2><p>Population stability index and Jensen–Shannon distance "
                + "of each column against the reference part; PSI ≥ 0.2 is flagged.</p><table><tr>"
                + "<th class=\"l\">column</th><th class=\"l\">part</th><th class=\"l\">against</th><th>PSI</th>"
                + "<th>Jensen–Shannon</th></tr>");
        for (ColumnShift shift : shifts) {
            html.append(row(
                    styled(shift.getFlagged() ? "l fail" : "l", shift.getColumn()),
                    left(shift.getRole()),
                    left(shift.getReferenceRole()),
                    number(shift.getPsi()),
                    number(shift.getJensenShannon())));
        }
        html.append("</table>");
    }

    private void column(DataProfile profile, String name) {
        List<Optional<ColumnProfile>> columns = profile.getPartsList().stream()
                .map(p -> p.getColumnsList().stream()
                        .filter(c -> c.getName().equals(name))
                        .findFirst())
                .toList();
        String type = columns.stream()
                .flatMap(Optional::stream)
                .map(ColumnProfile::getType)
                .distinct()
                .reduce((a, b) -> a + "/" + b)
                .orElse("");
        html.append("<h3>")
                .append(escape(name))
                .append(" <small>(")
                .append(escape(type))
                .append(")</small></h3>");
        html.append("<table><tr><th class=\"l\">part</th><th>missing</th><th>distinct</th>");
        List<Quantile> quantiles = columns.stream()
                .flatMap(Optional::stream)
                .map(ColumnProfile::getQuantilesList)
                .filter(q -> !q.isEmpty())
                .findFirst()
                .orElse(List.of());
        boolean numbers = !quantiles.isEmpty();
        if (numbers) {
            html.append("<th>mean</th><th>std</th>");
            for (Quantile q : quantiles) {
                double p = q.getProbability();
                html.append("<th>")
                        .append(p == 0 ? "min" : p == 1 ? "max" : "p" + Math.round(p * 100))
                        .append("</th>");
            }
        }
        html.append("</tr>");
        for (int i = 0; i < columns.size(); i++) {
            String role = profile.getParts(i).getRole();
            html.append("<tr><td class=\"l\">").append(swatch(role, profile)).append("</td>");
            if (columns.get(i).isEmpty()) {
                html.append("<td class=\"l warn\" colspan=\"2\">no such column</td></tr>");
                continue;
            }
            ColumnProfile column = columns.get(i).get();
            html.append("<td>")
                    .append(percent(column.getMissingRate()))
                    .append("</td><td>")
                    .append(column.getDistinct())
                    .append("</td>");
            if (numbers && column.getQuantilesCount() > 0) {
                html.append("<td>")
                        .append(number(column.getMean()))
                        .append("</td><td>")
                        .append(number(column.getStdDev()))
                        .append("</td>");
                for (Quantile q : column.getQuantilesList()) {
                    html.append("<td>").append(number(q.getValue())).append("</td>");
                }
            }
            html.append("</tr>");
        }
        html.append("</table>");
        if (columns.stream().flatMap(Optional::stream).anyMatch(c -> c.getHistogramCount() > 0)) {
            histograms(profile, columns);
        }
        if (columns.stream().flatMap(Optional::stream).anyMatch(c -> c.getTopValuesCount() > 0)) {
            valueTable(
                    profile,
                    part -> part.getColumnsList().stream()
                            .filter(c -> c.getName().equals(name))
                            .findFirst()
                            .map(ColumnProfile::getTopValuesList)
                            .orElse(List.of()));
        }
    }

    /** The parts' histograms overlaid as outlined bars of each bin's share of the part's values. */
    private void histograms(DataProfile profile, List<Optional<ColumnProfile>> columns) {
        int width = 520;
        int height = 140;
        int pad = 24;
        double top = 0;
        for (Optional<ColumnProfile> column : columns) {
            if (column.isPresent()) {
                long total = column.get().getHistogramList().stream()
                        .mapToLong(HistogramBin::getCount)
                        .sum();
                for (HistogramBin bin : column.get().getHistogramList()) {
                    top = Math.max(top, total == 0 ? 0 : (double) bin.getCount() / total);
                }
            }
        }
        html.append("<svg width=\"")
                .append(width + 2 * pad)
                .append("\" height=\"")
                .append(height + 2 * pad)
                .append("\">");
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).isEmpty() || columns.get(i).get().getHistogramCount() == 0) {
                continue;
            }
            List<HistogramBin> bins = columns.get(i).get().getHistogramList();
            long total = bins.stream().mapToLong(HistogramBin::getCount).sum();
            double binWidth = (double) width / bins.size();
            for (int b = 0; b < bins.size(); b++) {
                double share = total == 0 ? 0 : (double) bins.get(b).getCount() / total;
                double h = top == 0 ? 0 : share / top * height;
                html.append(String.format(
                        Locale.ROOT,
                        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                                + "fill=\"%s\" fill-opacity=\"0.25\" stroke=\"%s\"><title>%s [%s, %s): %d rows (%s)</title></rect>",
                        pad + b * binWidth,
                        pad + height - h,
                        binWidth,
                        h,
                        color(i),
                        color(i),
                        escape(profile.getParts(i).getRole()),
                        number(bins.get(b).getLower()),
                        number(bins.get(b).getUpper()),
                        bins.get(b).getCount(),
                        percent(share)));
            }
            html.append("<text x=\"")
                    .append(pad)
                    .append("\" y=\"")
                    .append(height + 2 * pad - 4)
                    .append("\">")
                    .append(number(bins.get(0).getLower()))
                    .append("</text><text x=\"")
                    .append(width + pad)
                    .append("\" y=\"")
                    .append(height + 2 * pad - 4)
                    .append("\" text-anchor=\"end\">")
                    .append(number(bins.get(bins.size() - 1).getUpper()))
                    .append("</text>");
        }
        html.append("</svg>");
    }

    /** Values as rows, parts as columns (rows and share); a slice too small in a part is marked. */
    private void valueTable(DataProfile profile, Function<PartProfile, List<ValueCount>> values) {
        Set<String> names = new LinkedHashSet<>();
        List<Map<String, ValueCount>> byPart = new ArrayList<>();
        for (PartProfile part : profile.getPartsList()) {
            Map<String, ValueCount> counts = new LinkedHashMap<>();
            values.apply(part).forEach(v -> counts.put(v.getValue(), v));
            names.addAll(counts.keySet());
            byPart.add(counts);
        }
        html.append("<table><tr><th class=\"l\">value</th>");
        profile.getPartsList()
                .forEach(p -> html.append("<th colspan=\"2\">")
                        .append(swatch(p.getRole(), profile))
                        .append("</th>"));
        html.append("</tr>");
        for (String name : names) {
            html.append("<tr><td class=\"l\">").append(escape(name)).append("</td>");
            for (Map<String, ValueCount> counts : byPart) {
                ValueCount value = counts.get(name);
                if (value == null) {
                    html.append("<td></td><td></td>");
                } else {
                    String cls = value.getTooSmall() ? " class=\"fail\" title=\"too few rows to measure\"" : "";
                    html.append("<td")
                            .append(cls)
                            .append(">")
                            .append(value.getCount())
                            .append(value.getTooSmall() ? " ⚠" : "")
                            .append("</td><td>")
                            .append(percent(value.getShare()))
                            .append("</td>");
                }
            }
            html.append("</tr>");
        }
        html.append("</table>");
    }

    private void samples(DataProfile profile) {
        for (PartProfile part : profile.getPartsList()) {
            if (part.getSamplesCount() == 0) {
                continue;
            }
            html.append("<h2>Sample rows: ")
                    .append(escape(part.getRole()))
                    .append("</h2><table><tr><th class=\"l\">label</th>" + "<th>row</th>");
            List<String> columns =
                    new ArrayList<>(part.getSamples(0).getValuesMap().keySet());
            part.getColumnsList().stream()
                    .map(ColumnProfile::getName)
                    .filter(columns::contains)
                    .forEach(c ->
                            html.append("<th class=\"l\">").append(escape(c)).append("</th>"));
            html.append("</tr>");
            for (SampleRow row : part.getSamplesList()) {
                html.append("<tr><td class=\"l\">")
                        .append(escape(row.getLabel()))
                        .append("</td><td>")
                        .append(row.getRow())
                        .append("</td>");
                part.getColumnsList().stream()
                        .map(ColumnProfile::getName)
                        .filter(columns::contains)
                        .forEach(c -> html.append("<td class=\"l\">")
                                .append(escape(row.getValuesOrDefault(c, "")))
                                .append("</td>"));
                html.append("</tr>");
            }
            html.append("</table>");
        }
    }

    private static List<String> columnNames(DataProfile profile) {
        Set<String> names = new LinkedHashSet<>();
        profile.getPartsList().forEach(p -> p.getColumnsList().forEach(c -> names.add(c.getName())));
        return new ArrayList<>(names);
    }

    private static String swatch(String role, DataProfile profile) {
        int index = 0;
        for (int i = 0; i < profile.getPartsCount(); i++) {
            if (profile.getParts(i).getRole().equals(role)) {
                index = i;
            }
        }
        return "<span style=\"color:" + color(index) + "\">■</span> " + escape(role);
    }

    private static String color(int index) {
        return COLORS[index % COLORS.length];
    }
}
