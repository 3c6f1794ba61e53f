package dev.ratchet.common.outbox;

import dev.ratchet.contract.events.EventCodec;
import dev.ratchet.contract.events.EventType;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Sends outbox rows to Kafka through the {@code outbox} channel. A bean of its own so that the
 * emitter is injected on first use, after the messaging channels are wired.
 */
@ApplicationScoped
class OutboxSender {
    @Inject
    @Channel("outbox")
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 2048)
    MutinyEmitter<byte[]> emitter;

    /** Completes when Kafka has acknowledged the record. */
    Uni<Void> send(OutboxEvent row) {
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(row.topic)
                .withKey(row.recordKey)
                .withHeaders(
                        EventCodec.headers(row.eventId.toString(), type(row), row.source, row.subject, row.eventTime))
                .build();
        return emitter.sendMessage(Message.of(row.payload).addMetadata(metadata));
    }

    static EventType type(OutboxEvent row) {
        return EventType.ofCeType(row.ceType)
                .orElseThrow(() -> new IllegalStateException("outbox holds unknown event type " + row.ceType));
    }
}
