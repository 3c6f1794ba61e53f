package dev.ratchet.contract.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ratchet.events.v1.MetricPoint;
import dev.ratchet.events.v1.MetricsLogged;
import dev.ratchet.events.v1.RunStarted;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.Test;

class EventCodecTest {

    @Test
    void anEventSurvivesTheRoundTripThroughARecord() {
        CloudEvent event = CloudEvent.create(
                "ratchet-tracking",
                "run-1",
                MetricsLogged.newBuilder()
                        .setRunId("run-1")
                        .addPoints(MetricPoint.newBuilder()
                                .setKey("loss")
                                .setValue(Double.NaN)
                                .setStep(3))
                        .build());
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
        assertEquals(
                EventType.RUN_STARTED,
                EventType.ofCeType("dev.ratchet.run.started.v1").orElseThrow());
        assertTrue(EventType.ofCeType("dev.ratchet.run.started.v0").isEmpty());
    }

    @Test
    void whatCannotBeDecodedIsRejectedWithTheReason() {
        ProducerRecord<String, byte[]> valid = EventCodec.record(CloudEvent.create(
                "x", "run-1", RunStarted.newBuilder().setRunId("run-1").build()));

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
        assertRejected("ce_time 'yesterday' is not an RFC 3339 timestamp", badTime, valid.value());
    }

    @Test
    void everyAttributeIsCheckedWithAReasonThatSaysWhatToFix() {
        ProducerRecord<String, byte[]> valid = EventCodec.record(CloudEvent.create(
                "x", "run-1", RunStarted.newBuilder().setRunId("run-1").build()));

        assertRejected(
                "ce_source 'training job' is not a URI reference",
                with(valid, "ce_source", "training job"),
                valid.value());
        assertRejected(
                "ce_source 'C:\\jobs\\train' is not a URI reference",
                with(valid, "ce_source", "C:\\jobs\\train"),
                valid.value());
        assertRejected(
                "ce_time '2026-13-45T99:00:00Z' is not an RFC 3339 timestamp",
                with(valid, "ce_time", "2026-13-45T99:00:00Z"),
                valid.value());
        assertRejected(
                "unsupported CloudEvents spec version '0.3'", with(valid, "ce_specversion", "0.3"), valid.value());
        assertRejected("missing CloudEvents header ce_id", with(valid, "ce_id", ""), valid.value());
        assertRejected(
                "header ce_id holds a control character (U+0000) at index 1",
                with(valid, "ce_id", "a\0b"),
                valid.value());

        Headers twice = copy(valid.headers());
        twice.add("ce_type", twice.lastHeader("ce_type").value());
        assertRejected("header ce_type appears 2 times", twice, valid.value());

        Headers notUtf8 = copy(valid.headers());
        notUtf8.remove("ce_subject");
        notUtf8.add("ce_subject", new byte[] {(byte) 0xC3, 0x28});
        assertRejected("header ce_subject is not valid UTF-8", notUtf8, valid.value());

        assertRejected("has no data (the record's value is null)", valid.headers(), null);
        InvalidEventException noKey = assertThrows(
                InvalidEventException.class,
                () -> EventCodec.decode(new ConsumerRecord<>(Topics.RUNS, 0, 0L, null, valid.value())));
        assertTrue(noKey.getMessage().contains("the record has no key"), noKey.getMessage());
    }

    @Test
    void aTimeWithAnOffsetIsTheInstantItNames() {
        ProducerRecord<String, byte[]> valid = EventCodec.record(CloudEvent.create(
                "/jobs/train",
                "run-1",
                RunStarted.newBuilder().setRunId("run-1").build()));
        CloudEvent event = EventCodec.decode(with(valid, "ce_time", "2026-01-31T13:00:00.5+01:00"), valid.value());
        assertEquals(java.time.Instant.parse("2026-01-31T12:00:00.5Z"), event.time());
        assertEquals("/jobs/train", event.source());
    }

    private static Headers with(ProducerRecord<String, byte[]> record, String key, String value) {
        Headers headers = copy(record.headers());
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
        return headers;
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
