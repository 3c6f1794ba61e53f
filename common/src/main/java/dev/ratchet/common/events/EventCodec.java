package dev.ratchet.common.events;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Writes and reads CloudEvents in the Kafka protocol binding's binary mode: the attributes are
 * {@code ce_*} headers, the record value is the protobuf-encoded data. The one serializer /
 * deserializer pair every service uses.
 */
public final class EventCodec {
    public static final String SPEC_VERSION = "1.0";
    public static final String CONTENT_TYPE = "application/protobuf";

    static final String CE_SPECVERSION = "ce_specversion";
    static final String CE_ID = "ce_id";
    static final String CE_TYPE = "ce_type";
    static final String CE_SOURCE = "ce_source";
    static final String CE_SUBJECT = "ce_subject";
    static final String CE_TIME = "ce_time";
    static final String HEADER_CONTENT_TYPE = "content-type";

    private EventCodec() {
    }

    /** The record headers of an event. */
    public static Headers headers(CloudEvent event) {
        return headers(event.id(), event.type(), event.source(), event.subject(), event.time());
    }

    /** The record headers of an event whose data is already encoded (e.g. read back from the outbox). */
    public static Headers headers(String id, EventType type, String source, String subject, Instant time) {
        RecordHeaders headers = new RecordHeaders();
        add(headers, CE_SPECVERSION, SPEC_VERSION);
        add(headers, CE_ID, id);
        add(headers, CE_TYPE, type.ceType());
        add(headers, CE_SOURCE, source);
        add(headers, CE_SUBJECT, subject);
        add(headers, CE_TIME, time.toString());
        add(headers, HEADER_CONTENT_TYPE, CONTENT_TYPE);
        return headers;
    }

    /** The Kafka record of an event: its type's topic, keyed by its subject. */
    public static ProducerRecord<String, byte[]> record(CloudEvent event) {
        return new ProducerRecord<>(event.type().topic(), null, event.subject(), value(event), headers(event));
    }

    /** The record value of an event. */
    public static byte[] value(CloudEvent event) {
        return event.data().toByteArray();
    }

    /**
     * Reads an event from a record's headers and value.
     *
     * @throws InvalidEventException when an attribute is missing or malformed, the type is unknown
     *         or the value is not a valid payload of that type
     */
    public static CloudEvent decode(Headers headers, byte[] value) {
        String specVersion = required(headers, CE_SPECVERSION);
        if (!SPEC_VERSION.equals(specVersion)) {
            throw new InvalidEventException("unsupported CloudEvents spec version '" + specVersion + "', expected 1.0");
        }
        String ceType = required(headers, CE_TYPE);
        EventType type = EventType.ofCeType(ceType)
                .orElseThrow(() -> new InvalidEventException("unknown event type '" + ceType + "'"));
        String contentType = optional(headers, HEADER_CONTENT_TYPE);
        if (contentType != null && !CONTENT_TYPE.equals(contentType)) {
            throw new InvalidEventException("unsupported content type '" + contentType + "', expected " + CONTENT_TYPE);
        }
        if (value == null) {
            throw new InvalidEventException("event " + ceType + " has no data");
        }
        Message data;
        try {
            data = type.parser().parseFrom(value);
        } catch (InvalidProtocolBufferException e) {
            throw new InvalidEventException("data of " + ceType + " is not a valid protobuf payload: " + e.getMessage(), e);
        }
        Instant time;
        String rawTime = required(headers, CE_TIME);
        try {
            time = Instant.parse(rawTime);
        } catch (DateTimeParseException e) {
            throw new InvalidEventException("ce_time '" + rawTime + "' is not an RFC 3339 UTC timestamp", e);
        }
        return new CloudEvent(required(headers, CE_ID), type, required(headers, CE_SOURCE),
                required(headers, CE_SUBJECT), time, data);
    }

    private static void add(Headers headers, String key, String value) {
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String required(Headers headers, String key) {
        String value = optional(headers, key);
        if (value == null || value.isBlank()) {
            throw new InvalidEventException("missing CloudEvents header " + key);
        }
        return value;
    }

    private static String optional(Headers headers, String key) {
        Header header = headers == null ? null : headers.lastHeader(key);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
