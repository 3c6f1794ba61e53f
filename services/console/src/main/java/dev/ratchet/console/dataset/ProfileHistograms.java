package dev.ratchet.console.dataset;

import dev.ratchet.console.web.Formats;
import dev.ratchet.events.v1.ColumnProfile;
import dev.ratchet.events.v1.HistogramBin;
import java.util.List;
import java.util.Locale;

/**
 * A number column's histograms of every part in one small SVG, bars grouped per bin. The profile
 * gives every part the same bins, so the bars line up; each bar is its part's share of rows, so a
 * 700-row train part and a 150-row test part compare by shape, not size.
 */
public final class ProfileHistograms {
    /** The parts' colours, in part order (the page's legend uses the same). */
    public static final List<String> COLOURS = List.of("#3b6fd4", "#e07b39", "#3a9d5d", "#9c4dc4", "#c23b4e");

    static final int WIDTH = 300;
    static final int HEIGHT = 64;

    private ProfileHistograms() {}

    /**
     * The SVG of one column's histograms; {@code parts.get(i)} is the column in part {@code i} (null
     * where the part lacks it), {@code rows.get(i)} that part's row count. Empty without bins.
     */
    public static String svg(List<String> roles, List<ColumnProfile> parts, List<Long> rows) {
        int bins = parts.stream()
                .filter(p -> p != null)
                .mapToInt(ColumnProfile::getHistogramCount)
                .max()
                .orElse(0);
        if (bins == 0) {
            return "";
        }
        double highest = 0;
        for (int p = 0; p < parts.size(); p++) {
            for (int b = 0; parts.get(p) != null && b < parts.get(p).getHistogramCount(); b++) {
                highest = Math.max(highest, share(parts.get(p).getHistogram(b), rows.get(p)));
            }
        }
        double binWidth = (double) WIDTH / bins;
        double barWidth = binWidth / parts.size();
        StringBuilder svg = new StringBuilder()
                .append("<svg class=\"histogram\" width=\"")
                .append(WIDTH)
                .append("\" height=\"")
                .append(HEIGHT)
                .append("\" viewBox=\"0 0 ")
                .append(WIDTH)
                .append(' ')
                .append(HEIGHT)
                .append("\" role=\"img\">");
        for (int p = 0; p < parts.size(); p++) {
            ColumnProfile column = parts.get(p);
            for (int b = 0; column != null && b < column.getHistogramCount(); b++) {
                HistogramBin bin = column.getHistogram(b);
                double share = share(bin, rows.get(p));
                double height = highest == 0 ? 0 : share / highest * (HEIGHT - 2);
                svg.append(String.format(
                        Locale.ROOT,
                        "<rect data-part=\"%d\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\">",
                        p,
                        b * binWidth + p * barWidth,
                        HEIGHT - height,
                        Math.max(barWidth - 0.5, 0.5),
                        height,
                        COLOURS.get(p % COLOURS.size())));
                svg.append("<title>")
                        .append(escape(roles.get(p)))
                        .append(" [")
                        .append(Formats.num(bin.getLower()))
                        .append(", ")
                        .append(Formats.num(bin.getUpper()))
                        .append("): ")
                        .append(bin.getCount())
                        .append(" rows (")
                        .append(Formats.num(100 * share))
                        .append(" %)</title></rect>");
            }
        }
        return svg.append("</svg>").toString();
    }

    static double share(HistogramBin bin, long rows) {
        return rows == 0 ? 0 : (double) bin.getCount() / rows;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
