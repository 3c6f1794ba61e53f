-- An event Kafka refuses for good (too large, say) is parked with its reason instead of blocking
-- the relay: kept, counted, and retried or dropped by an operator (ratchet outbox ...).
alter table outbox_event
    add column parked_at   timestamptz,
    add column park_reason text;

create index outbox_event_waiting on outbox_event (sequence) where parked_at is null;
