create table experiment (
    id         uuid primary key,
    name       text        not null unique,
    created_at timestamptz not null
);

-- A run row can be created by the first event that names it (metrics may overtake RunStarted);
-- until RunStarted arrives it is QUEUED and has no experiment.
create table run (
    id            uuid primary key,
    experiment_id uuid references experiment (id),
    name          text        not null default '',
    study_id      uuid,
    status        text        not null,
    start_time    timestamptz,
    end_time      timestamptz,
    end_message   text        not null default ''
);
create index run_experiment_idx on run (experiment_id);

create table run_param (
    run_id uuid not null references run (id),
    key    text not null,
    value  text not null,
    primary key (run_id, key)
);

-- A point is identified by (run, key, context, step, time): storing it again changes nothing.
create table metric_point (
    run_id        uuid             not null references run (id),
    key           text             not null,
    context       smallint         not null,
    step          bigint           not null,
    timestamp_us  bigint           not null,
    value         double precision not null,
    primary key (run_id, key, context, step, timestamp_us)
);

create table evaluation_result (
    id              uuid primary key,
    run_id          uuid        not null references run (id),
    status          smallint    not null,
    summary         bytea,
    failure_message text        not null default '',
    requested_at    timestamptz not null,
    finished_at     timestamptz
);
create index evaluation_result_run_idx on evaluation_result (run_id);
