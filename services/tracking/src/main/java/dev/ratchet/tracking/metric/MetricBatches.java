package dev.ratchet.tracking.metric;

import com.google.protobuf.CodedOutputStream;
import dev.ratchet.contract.events.Times;
import dev.ratchet.events.v1.MetricContext;
import dev.ratchet.events.v1.MetricPoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The rules a batch of metric points must follow, whichever path it arrives by. */
public final class MetricBatches {
    public static final int MAX_POINTS_PER_BATCH = 10_000;
    public static final int MAX_KEY_LENGTH = 250;

    private MetricBatches() {}

    /** What is wrong with the batch, if anything. NaN and infinite values are allowed. */
    public static Optional<String> problem(List<MetricPoint> points) {
        if (points.isEmpty()) {
            return Optional.of("the batch has no points");
        }
        if (points.size() > MAX_POINTS_PER_BATCH) {
            return Optional.of("the batch has " + points.size() + " points; at most " + MAX_POINTS_PER_BATCH
                    + " are allowed, split it");
        }
        for (int i = 0; i < points.size(); i++) {
            MetricPoint point = points.get(i);
            if (point.getKey().isBlank() || point.getKey().length() > MAX_KEY_LENGTH) {
                return Optional.of("points[" + i + "].key must have 1 to " + MAX_KEY_LENGTH + " characters");
            }
            if (point.getStep() < 0) {
                return Optional.of("points[" + i + "].step is " + point.getStep() + "; steps start at 0");
            }
            if (point.getContext() == MetricContext.UNRECOGNIZED) {
                return Optional.of("points[" + i + "].context " + point.getContextValue() + " is not a known context");
            }
        }
        return Optional.empty();
    }

    /**
     * The points in consecutive parts whose encoded size (as repeated fields of one message) is at
     * most {@code maxBytes} each; a point never splits.
     */
    public static List<List<MetricPoint>> partsOfAtMost(List<MetricPoint> points, int maxBytes) {
        List<List<MetricPoint>> parts = new ArrayList<>();
        int start = 0;
        long bytes = 0;
        for (int i = 0; i < points.size(); i++) {
            int size = CodedOutputStream.computeMessageSizeNoTag(points.get(i)) + 1; // the field's tag
            if (i > start && bytes + size > maxBytes) {
                parts.add(points.subList(start, i));
                start = i;
                bytes = 0;
            }
            bytes += size;
        }
        if (start < points.size()) {
            parts.add(points.subList(start, points.size()));
        }
        return parts;
    }

    /** The points, each without a timestamp stamped with {@code defaultTime}. */
    public static List<MetricPoint> withTimestamps(List<MetricPoint> points, Instant defaultTime) {
        return points.stream()
                .map(p -> p.hasTimestamp()
                        ? p
                        : p.toBuilder().setTimestamp(Times.toProto(defaultTime)).build())
                .toList();
    }
}
