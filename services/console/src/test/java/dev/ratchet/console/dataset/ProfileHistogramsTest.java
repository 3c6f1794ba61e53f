package dev.ratchet.console.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ratchet.events.v1.ColumnProfile;
import dev.ratchet.events.v1.HistogramBin;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ProfileHistogramsTest {
    private static ColumnProfile column(long... counts) {
        ColumnProfile.Builder column = ColumnProfile.newBuilder().setName("Age").setType("number");
        for (int i = 0; i < counts.length; i++) {
            column.addHistogram(HistogramBin.newBuilder()
                    .setLower(i * 10)
                    .setUpper(i * 10 + 10)
                    .setCount(counts[i]));
        }
        return column.build();
    }

    private static List<Double> heights(String svg, int part) {
        Matcher bar = Pattern.compile("data-part=\"" + part + "\"[^>]* height=\"([0-9.]+)\"")
                .matcher(svg);
        List<Double> heights = new java.util.ArrayList<>();
        while (bar.find()) {
            heights.add(Double.parseDouble(bar.group(1)));
        }
        return heights;
    }

    @Test
    void partsOfDifferentSizesCompareByShareOfTheirRows() {
        // train 700 rows, test 100: the same shape, so the same bar heights
        String svg = ProfileHistograms.svg(
                List.of("train", "test"), List.of(column(70, 350, 280), column(10, 50, 40)), List.of(700L, 100L));
        assertEquals(heights(svg, 0), heights(svg, 1));
        assertEquals(3, heights(svg, 0).size());
        assertEquals(62.0, heights(svg, 0).get(1), 1e-9, "the highest share fills the height less a margin");
        assertEquals(62.0 * 280 / 350, heights(svg, 0).get(2), 0.01);
        assertTrue(svg.contains("<title>train [10, 20): 350 rows (50 %)</title>"), svg);
    }

    @Test
    void aPartWithoutTheColumnDrawsNoBarsAndNoBinsDrawNothing() {
        String svg =
                ProfileHistograms.svg(List.of("train", "test"), Arrays.asList(column(1, 3), null), List.of(4L, 2L));
        assertEquals(2, heights(svg, 0).size());
        assertEquals(List.of(), heights(svg, 1));
        assertEquals(
                "", ProfileHistograms.svg(List.of("data"), List.of(ColumnProfile.getDefaultInstance()), List.of(5L)));
    }
}
