create table evaluation (
    id              uuid primary key,
    run_id          uuid        not null,
    status          text        not null,
    summary         bytea,
    failure_message text        not null default '',
    finished_at     timestamptz not null
);
create index evaluation_run_idx on evaluation (run_id);
