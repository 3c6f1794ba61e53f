package dev.ratchet.contract.events;

import com.google.protobuf.Message;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A CloudEvents 1.0 event whose data is a protobuf message. {@code subject} is the run (or study)
 * the event is about and doubles as the Kafka record key.
 */
public record CloudEvent(String id, EventType type, String source, String subject, Instant time, Message data) {

    public CloudEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(data, "data");
    }

    /** A new event with a fresh id, stamped now. */
    public static CloudEvent create(String source, String subject, Message data) {
        return new CloudEvent(UUID.randomUUID().toString(), EventType.of(data), source, subject, Times.now(), data);
    }

    /** The payload as the type the caller expects for this event's type. */
    public <T extends Message> T dataAs(Class<T> type) {
        return type.cast(data);
    }
}
