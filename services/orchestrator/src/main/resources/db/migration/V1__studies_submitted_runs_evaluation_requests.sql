create table study (
    id               uuid primary key,
    name             text        not null,
    experiment_name  text        not null,
    objective_metric text        not null,
    direction        text        not null,
    max_trials       integer     not null,
    state            text        not null,
    created_at       timestamptz not null
);

-- Runs this orchestrator started; tracking learns of them from RunStarted.
create table submitted_run (
    id              uuid primary key,
    experiment_name text        not null,
    run_name        text        not null,
    study_id        uuid references study (id),
    submitted_at    timestamptz not null
);

create table submitted_run_param (
    run_id uuid not null references submitted_run (id),
    key    text not null,
    value  text not null,
    primary key (run_id, key)
);

create table evaluation_request (
    id           uuid primary key,
    run_id       uuid        not null references submitted_run (id),
    requested_at timestamptz not null
);
