-- Configurations a user enqueued (EnqueueTrial): the next trials asked or started take them, oldest
-- first, before the sampler suggests anything.
create table study_enqueued_trial (
    study_id    uuid        not null references study (id) on delete cascade,
    seq         bigserial   not null,
    params      bytea       not null,
    enqueued_at timestamptz not null,
    primary key (study_id, seq)
);
