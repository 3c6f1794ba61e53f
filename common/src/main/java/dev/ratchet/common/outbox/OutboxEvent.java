package dev.ratchet.common.outbox;

import dev.ratchet.contract.events.CloudEvent;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An event written in the same transaction as the change it announces, waiting to be relayed to Kafka. */
@Entity
@Table(name = "outbox_event")
public class OutboxEvent extends PanacheEntityBase {
    /** Relay order: the order in which the changes were committed. */
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long sequence;

    @Column(name = "event_id", nullable = false, unique = true)
    public UUID eventId;

    @Column(name = "ce_type", nullable = false)
    public String ceType;

    @Column(nullable = false)
    public String topic;

    @Column(name = "record_key", nullable = false)
    public String recordKey;

    @Column(nullable = false)
    public String source;

    @Column(nullable = false)
    public String subject;

    @Column(name = "event_time", nullable = false)
    public Instant eventTime;

    @Column(nullable = false)
    public byte[] payload;

    /** When the relay set the event aside because Kafka refused it for good; null while it waits to be sent. */
    @Column(name = "parked_at")
    public Instant parkedAt;

    /** Why Kafka refused it, as Kafka said. */
    @Column(name = "park_reason")
    public String parkReason;

    static OutboxEvent of(CloudEvent event) {
        OutboxEvent row = new OutboxEvent();
        row.eventId = UUID.fromString(event.id());
        row.ceType = event.type().ceType();
        row.topic = event.type().topic();
        row.recordKey = event.subject();
        row.source = event.source();
        row.subject = event.subject();
        row.eventTime = event.time();
        row.payload = event.data().toByteArray();
        return row;
    }
}
