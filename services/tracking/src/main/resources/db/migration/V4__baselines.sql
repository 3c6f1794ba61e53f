-- Every baseline an experiment has had; the newest row is the current one.
create table baseline (
    id            bigserial primary key,
    experiment_id uuid             not null references experiment (id),
    run_id        uuid             not null references run (id),
    metric        text             not null,
    direction     text             not null,
    value         double precision not null,
    promoted_at   timestamptz      not null,
    reason        text             not null
);
create index baseline_experiment_idx on baseline (experiment_id, id desc);
