-- Shared by every service, created in the service's own schema.

-- Transactional outbox: events committed with the change they announce, relayed to Kafka.
create table outbox_event (
    sequence   bigserial primary key,
    event_id   uuid        not null unique,
    ce_type    text        not null,
    topic      text        not null,
    record_key text        not null,
    source     text        not null,
    subject    text        not null,
    event_time timestamptz not null,
    payload    bytea       not null
);

-- Idempotent consumers: one row per event a consumer has processed.
create table processed_event (
    consumer     text        not null,
    event_id     text        not null,
    processed_at timestamptz not null,
    primary key (consumer, event_id)
);
