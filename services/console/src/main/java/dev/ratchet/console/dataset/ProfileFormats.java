package dev.ratchet.console.dataset;

import dev.ratchet.console.web.Formats;
import dev.ratchet.events.v1.ColumnProfile;
import dev.ratchet.events.v1.Quantile;
import dev.ratchet.events.v1.ValueCount;
import io.quarkus.qute.TemplateExtension;
import java.util.stream.Collectors;

/** How a profile's columns read on the dataset page. */
@TemplateExtension
public final class ProfileFormats {
    private ProfileFormats() {}

    /** The column's median (the profile's 50th percentile), or "" when it has none. */
    public static String median(ColumnProfile column) {
        return column.getQuantilesList().stream()
                .filter(q -> Math.abs(q.getProbability() - 0.5) < 1e-9)
                .map(Quantile::getValue)
                .map(Formats::num)
                .findFirst()
                .orElse("");
    }

    /** The share of rows without a value, as a percentage: "1.5 %". */
    public static String missingPercent(ColumnProfile column) {
        return Formats.num(100 * column.getMissingRate()) + " %";
    }

    /** The most frequent values with their shares: "good 70 %, bad 30 %". */
    public static String topValues(ColumnProfile column, int count) {
        String shown = column.getTopValuesList().stream()
                .limit(count)
                .map(v -> v.getValue() + " " + Formats.num(100 * v.getShare()) + " %")
                .collect(Collectors.joining(", "));
        return column.getTopValuesCount() > count ? shown + ", …" : shown;
    }

    /** A label count with its share, marked when too small to measure a model on. */
    public static String countShare(ValueCount value) {
        return value.getCount() + " (" + Formats.num(100 * value.getShare()) + " %)";
    }
}
