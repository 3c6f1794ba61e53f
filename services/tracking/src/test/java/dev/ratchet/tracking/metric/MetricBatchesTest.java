package dev.ratchet.tracking.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ratchet.events.v1.MetricPoint;
import dev.ratchet.events.v1.MetricsLogged;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MetricBatchesTest {

    @Test
    void aLargeBatchIsSplitIntoEventsUnderTheBoundInOrderAndWhole() {
        String key = "k".repeat(MetricBatches.MAX_KEY_LENGTH);
        List<MetricPoint> points = IntStream.range(0, MetricBatches.MAX_POINTS_PER_BATCH)
                .mapToObj(step -> MetricPoint.newBuilder()
                        .setKey(key)
                        .setStep(step)
                        .setValue(step)
                        .build())
                .toList();
        int bound = 512 * 1024 - 1024;

        List<List<MetricPoint>> parts = MetricBatches.partsOfAtMost(points, bound);

        assertTrue(parts.size() > 1, "2.6 MB of points do not fit one event");
        assertEquals(points, parts.stream().flatMap(List::stream).toList(), "every point once, in order");
        for (List<MetricPoint> part : parts) {
            int size = MetricsLogged.newBuilder().addAllPoints(part).build().getSerializedSize();
            assertTrue(size <= bound, size + " bytes");
        }
        assertEquals(
                List.of(points.subList(0, 3)),
                MetricBatches.partsOfAtMost(points.subList(0, 3), bound),
                "a small batch stays one event");
    }
}
