-- What is needed to reproduce a run.
alter table run add column git_commit  text;
alter table run add column git_branch  text;
alter table run add column git_remote  text;
alter table run add column git_dirty   boolean;
alter table run add column seed        bigint;
alter table run add column command     text;
-- The Environment message, protobuf-encoded, secrets already redacted.
alter table run add column environment bytea;

create table run_dataset (
    run_id         uuid     not null references run (id),
    role           smallint not null,
    digest         text     not null,
    uri            text     not null,
    version        text     not null,
    row_count      bigint   not null,
    schema_summary text     not null,
    primary key (run_id, role, digest)
);
create index run_dataset_digest_idx on run_dataset (digest);
