-- The time a batch (by the id its client gave it) was first logged: points without a timestamp are
-- stamped with it, so a retried batch stores nothing twice. Kept for a day (ratchet.logging.batch-id-retention).
create table logged_batch (
    run_id     uuid        not null,
    batch_id   text        not null,
    first_seen timestamptz not null,
    primary key (run_id, batch_id)
);

create index logged_batch_first_seen on logged_batch (first_seen);
