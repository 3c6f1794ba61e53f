package dev.ratchet.cli;

import dev.ratchet.events.v1.ColumnProfile;
import dev.ratchet.events.v1.ColumnShift;
import dev.ratchet.events.v1.DataProfile;
import dev.ratchet.events.v1.PartProfile;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A dataset profile in the terminal: the parts, a line per column, the warnings. */
final class ProfileTable {
    private ProfileTable() {}

    static void print(DataProfile profile, PrintWriter out) {
        for (PartProfile part : profile.getPartsList()) {
            out.printf("%-10s %8d rows  %s  %s%n", part.getRole(), part.getRows(), part.getDigest(), part.getUri());
        }
        PartProfile reference = profile.getParts(0);
        List<PartProfile> later = profile.getPartsList().subList(1, profile.getPartsCount());
        out.println();
        out.printf(
                "%-28s %-6s %8s %9s  %-34s",
                "column", "type", "missing", "distinct", "values (" + reference.getRole() + ")");
        later.forEach(p -> out.printf(" %12s", "PSI " + p.getRole()));
        out.println();
        for (ColumnProfile column : reference.getColumnsList()) {
            out.printf(
                    Locale.ROOT,
                    "%-28s %-6s %7.1f%% %9d  %-34s",
                    clip(column.getName(), 28),
                    column.getType(),
                    100 * column.getMissingRate(),
                    column.getDistinct(),
                    clip(values(column), 34));
            for (PartProfile part : later) {
                Optional<ColumnShift> shift = profile.getShiftsList().stream()
                        .filter(s -> s.getColumn().equals(column.getName())
                                && s.getRole().equals(part.getRole()))
                        .findFirst();
                out.printf(
                        Locale.ROOT,
                        " %12s",
                        shift.map(s -> String.format(Locale.ROOT, "%.3f%s", s.getPsi(), s.getFlagged() ? " !" : ""))
                                .orElse("-"));
            }
            out.println();
        }
        if (profile.getWarningsCount() > 0) {
            out.println();
            profile.getWarningsList().forEach(w -> out.println("warning: " + w));
        }
    }

    /** A number column's range and median, or a text column's most frequent values. */
    private static String values(ColumnProfile column) {
        if (column.getQuantilesCount() > 0) {
            return String.format(
                    Locale.ROOT,
                    "%.4g .. %.4g, median %.4g",
                    column.getMin(),
                    column.getMax(),
                    column.getQuantilesList().stream()
                            .filter(q -> q.getProbability() == 0.5)
                            .findFirst()
                            .orElseThrow()
                            .getValue());
        }
        return String.join(
                " ",
                column.getTopValuesList().stream()
                        .limit(3)
                        .map(v -> v.getValue() + String.format(Locale.ROOT, " %.0f%%", 100 * v.getShare()))
                        .toList());
    }

    private static String clip(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 1) + "…";
    }
}
