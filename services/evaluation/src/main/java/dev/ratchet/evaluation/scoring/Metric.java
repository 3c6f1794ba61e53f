package dev.ratchet.evaluation.scoring;

import dev.ratchet.evaluation.metrics.Interval;
import dev.ratchet.events.v1.ConfidenceInterval;
import dev.ratchet.events.v1.MetricValue;
import java.util.List;
import java.util.Locale;

/** A metric's value and, when one is defined, its interval. */
public record Metric(String name, double value, Interval interval) {
    /** Adds the metric unless its value is undefined (NaN): e.g. an AUC on a slice with one class. */
    static void addIfDefined(List<Metric> metrics, String name, double value, Interval interval) {
        if (!Double.isNaN(value)) {
            metrics.add(new Metric(name, value, interval));
        }
    }

    public MetricValue toProto() {
        MetricValue.Builder builder = MetricValue.newBuilder().setName(name).setValue(value);
        if (interval != null) {
            builder.setInterval(ConfidenceInterval.newBuilder()
                    .setLower(interval.lower())
                    .setUpper(interval.upper())
                    .setLevel(interval.level())
                    .setMethod(interval.method().name().toLowerCase(Locale.ROOT))
                    .setResamples(interval.resamples()));
        }
        return builder.build();
    }
}
