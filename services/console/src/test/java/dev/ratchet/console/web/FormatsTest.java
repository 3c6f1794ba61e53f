package dev.ratchet.console.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.Timestamp;
import dev.ratchet.events.v1.MetricContext;
import dev.ratchet.events.v1.ParamValue;
import dev.ratchet.tracking.v1.RunStatus;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FormatsTest {

    @Test
    void numbersReadAsPeopleWriteThem() {
        assertEquals("0.8123", Formats.num(0.812345));
        assertEquals("12,345", Formats.num(12345));
        assertEquals("1.235e-05", Formats.num(0.00001234567));
        assertEquals("0.5", Formats.num(0.5));
        assertEquals("NaN", Formats.num(Double.NaN));
        assertEquals("∞", Formats.num(Double.POSITIVE_INFINITY));
        assertEquals("0.4999", Formats.shortNumber("0.4999295558699638"));
        assertEquals("gbtree", Formats.shortNumber("gbtree"));
        assertEquals("0.001", Formats.shortNumber("0.001"));
    }

    @Test
    void enumsReadAsWordsWithoutTheirPrefix() {
        assertEquals("finished", Formats.word(RunStatus.RUN_STATUS_FINISHED));
        assertEquals("validation", Formats.word(MetricContext.METRIC_CONTEXT_VALIDATION));
    }

    @Test
    void timesAndDurations() {
        assertEquals(
                "2026-12-02 20:31:02 UTC",
                Formats.time(Timestamp.newBuilder().setSeconds(1796243462).build()));
        assertEquals("", Formats.time(Timestamp.getDefaultInstance()));
        assertEquals("3 min 12 s", Formats.duration(Duration.ofSeconds(192)));
        assertEquals("2 d 3 h", Formats.duration(Duration.ofHours(51)));
    }

    @Test
    void textInAScriptCannotEndTheStringOrTheScript() {
        assertEquals("a\\\"b\\'c\\\\d\\u003c/script>\\n", Formats.js("a\"b'c\\d</script>\n"));
    }

    @Test
    void typedParamsAsWritten() {
        assertEquals("32", Formats.text(ParamValue.newBuilder().setIntValue(32).build()));
        assertEquals(
                "gini",
                Formats.text(ParamValue.newBuilder().setStringValue("gini").build()));
        assertEquals(
                "0.001",
                Formats.text(ParamValue.newBuilder().setDoubleValue(0.001).build()));
    }

    @Test
    void artifactPathsAreEncodedPerSegment() {
        assertEquals("plots/loss%20curve.png", Formats.urlPath("plots/loss curve.png"));
        assertEquals("a/%3F%23/b", Formats.urlPath("a/?#/b"));
    }
}
