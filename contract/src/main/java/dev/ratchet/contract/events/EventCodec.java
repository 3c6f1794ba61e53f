package dev.ratchet.contract.events;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
    /** The longest attribute value accepted; ids, sources and subjects are short names. */
    static final int MAX_ATTRIBUTE_LENGTH = 1024;

    private EventCodec() {}

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
     * Reads an event from a consumed record: its envelope as {@link #decode(Headers, byte[])} and a
     * key, which orders one run's events on one partition.
     *
     * @throws InvalidEventException when the record has no key, or as {@link #decode(Headers, byte[])}
     */
    public static CloudEvent decode(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null) {
            throw new InvalidEventException(
                    "the record has no key; key an event by its ce_subject (the run or study id)");
        }
        return decode(record.headers(), record.value());
    }

    /**
     * Reads an event from a record's headers and value. Every attribute is checked here, where a
     * consumer's dead-letter handling catches the failure (not in the Kafka connector, where one bad
     * record would stop the channel): one header each, UTF-8, no control characters, the source a
     * URI reference, the time RFC 3339.
     *
     * @throws InvalidEventException when an attribute is missing, repeated or malformed, the type is
     *         unknown or the value is not a valid payload of that type
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
        String id = required(headers, CE_ID);
        String source = source(required(headers, CE_SOURCE));
        String subject = required(headers, CE_SUBJECT);
        Instant time = time(required(headers, CE_TIME));
        if (value == null) {
            throw new InvalidEventException("event " + ceType + " has no data (the record's value is null)");
        }
        Message data;
        try {
            data = type.parser().parseFrom(value);
        } catch (InvalidProtocolBufferException e) {
            throw new InvalidEventException(
                    "data of " + ceType + " is not a valid protobuf payload: " + e.getMessage(), e);
        }
        return new CloudEvent(id, type, source, subject, time, data);
    }

    private static String source(String source) {
        try {
            new URI(source);
        } catch (URISyntaxException e) {
            throw new InvalidEventException(
                    "ce_source '" + source + "' is not a URI reference (" + e.getReason() + " at index " + e.getIndex()
                            + "); use e.g. 'training-job' or '/jobs/train'",
                    e);
        }
        return source;
    }

    private static Instant time(String rawTime) {
        try {
            return OffsetDateTime.parse(rawTime, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidEventException(
                    "ce_time '" + rawTime + "' is not an RFC 3339 timestamp, e.g. " + "2026-01-31T12:00:00Z", e);
        }
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

    /** The one value of a header, checked: UTF-8, no control characters, at most {@value #MAX_ATTRIBUTE_LENGTH} characters. */
    private static String optional(Headers headers, String key) {
        if (headers == null) {
            return null;
        }
        Header header = null;
        int count = 0;
        for (Header h : headers.headers(key)) {
            header = h;
            count++;
        }
        if (count > 1) {
            throw new InvalidEventException(
                    "header " + key + " appears " + count + " times; a CloudEvents attribute has one value");
        }
        if (header == null || header.value() == null) {
            return null;
        }
        String value;
        try {
            value = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(header.value()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidEventException("header " + key + " is not valid UTF-8", e);
        }
        if (value.length() > MAX_ATTRIBUTE_LENGTH) {
            throw new InvalidEventException("header " + key + " has " + value.length() + " characters; at most "
                    + MAX_ATTRIBUTE_LENGTH + " are allowed");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new InvalidEventException("header " + key + " holds a control character (U+"
                        + String.format("%04X", (int) value.charAt(i)) + ") at index " + i);
            }
        }
        return value;
    }
}
