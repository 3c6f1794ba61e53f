package dev.ratchet.evaluation.report;

import static dev.ratchet.evaluation.report.HtmlReport.escape;

/**
 * Rows of the reports' HTML tables. A plain value is a right-aligned cell (the stylesheet's default
 * for numbers); a {@link Cell} carries its class (l for left-aligned text, pass, fail, …). Text is
 * escaped; only {@link #leftHtml} takes markup.
 */
final class HtmlRows {
    private HtmlRows() {}

    /** A cell with a class attribute and its markup. */
    record Cell(String cssClass, String html) {}

    static Cell left(Object text) {
        return styled("l", text);
    }

    static Cell styled(String cssClass, Object text) {
        return new Cell(cssClass, escape(String.valueOf(text)));
    }

    /** A left-aligned cell of markup the report made itself (a colour swatch, say). */
    static Cell leftHtml(String html) {
        return new Cell("l", html);
    }

    static String row(Object... cells) {
        StringBuilder row = new StringBuilder("<tr>");
        for (Object cell : cells) {
            if (cell instanceof Cell c) {
                row.append("<td class=\"").append(c.cssClass()).append("\">").append(c.html());
            } else {
                row.append("<td>").append(escape(String.valueOf(cell)));
            }
            row.append("</td>");
        }
        return row.append("</tr>").toString();
    }
}
