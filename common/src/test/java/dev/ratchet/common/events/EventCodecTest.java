package dev.ratchet.common.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ratchet.events.v1.MetricPoint;
import dev.ratchet.events.v1.MetricsLogged;
import dev.ratchet.events.v1.RunStarted;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.Test;

class EventCodecTest {

    @Test
    void anEventSurvivesTheRoundTripThroughARecord() {
        CloudEvent event = CloudEvent.create("ratchet-tracking", "run-1", MetricsLogged.newBuilder().setRunId("run-1")
                .addPoints(MetricPoint.newBuilder().setKey("loss").setValue(Double.NaN).setStep(3)).build());
        ProducerRecord<String, byte[]> record = EventCodec.record(event);

        assertEquals(Topics.METRICS, record.topic());
        assertEquals("run-1", record.key());
        assertEquals("dev.ratchet.metrics.logged.v1", header(record.headers(), "ce_type"));
        assertEquals("1.0", header(record.headers(), "ce_specversion"));
        assertEquals("application/protobuf", header(record.headers(), "content-type"));
        assertEquals(event, EventCodec.decode(record.headers(), record.value()));
    }

    @Test
    void everyEventTypeGoesToTheTopicOfItsAggregate() {
        assertEquals(Topics.RUNS, EventType.of(RunStarted.getDefaultInstance()).topic());
        assertEquals(EventType.RUN_STARTED, EventType.ofCeType("dev.ratchet.run.started.v1").orElseThrow());
        assertTrue(EventType.ofCeType("dev.ratchet.run.started.v0").isEmpty());
    }

    @Test
    void whatCannotBeDecodedIsRejectedWithTheReason() {
        ProducerRecord<String, byte[]> valid = EventCodec.record(CloudEvent.create("x", "run-1",
                RunStarted.newBuilder().setRunId("run-1").build()));

        assertRejected("missing CloudEvents header ce_specversion", null, valid.value());

        Headers unknownType = copy(valid.headers());
        unknownType.remove("ce_type");
        unknownType.add("ce_type", "dev.ratchet.nope.v1".getBytes(StandardCharsets.UTF_8));
        assertRejected("unknown event type 'dev.ratchet.nope.v1'", unknownType, valid.value());

        Headers json = copy(valid.headers());
        json.remove("content-type");
        json.add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
        assertRejected("unsupported content type 'application/json'", json, valid.value());

        assertRejected("is not a valid protobuf payload", valid.headers(), new byte[] {(byte) 0xFF, 0x01});

        Headers badTime = copy(valid.headers());
        badTime.remove("ce_time");
        badTime.add("ce_time", "yesterday".getBytes(StandardCharsets.UTF_8));
        assertRejected("ce_time 'yesterday' is not an RFC 3339", badTime, valid.value());
    }

    private static void assertRejected(String reason, Headers headers, byte[] value) {
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> EventCodec.decode(headers, value));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    private static Headers copy(Headers headers) {
        return new org.apache.kafka.common.header.internals.RecordHeaders(headers.toArray());
    }

    private static String header(Headers headers, String key) {
        return new String(headers.lastHeader(key).value(), StandardCharsets.UTF_8);
    }
}
