-- Studies that run their own trials: the job each trial runs, the budget, the pruner, and how the
-- study ended. Protobuf-encoded where the API defines the shape (JobTemplate, Budget, PrunerSpec,
-- BestTrialEvaluation).
alter table study
    add column job               bytea,
    add column budget            bytea,
    add column pruner            bytea,
    add column evaluate_best     bytea,
    add column objective_context text not null default 'METRIC_CONTEXT_UNSPECIFIED',
    add column objective_step    text not null default 'LAST',
    add column end_reason        text,
    add column ended_at          timestamptz;

-- A run this orchestrator executes: queued until its executor has a free slot, then running — as a
-- local process (pid and its start time, so a restarted service can tell its own orphan from a
-- reused pid) or as a Kubernetes Job named after the run.
alter table submitted_run
    add column job           bytea,
    add column executor      text, -- LOCAL or KUBERNETES, for a run with a job
    add column state         text not null default 'ANNOUNCED',
    add column pid           bigint,
    add column process_start timestamptz,
    add column stop_reason   text,
    add column exit_code     integer,
    add column outcome       text,
    add column ended_at      timestamptz,
    add column end_message   text;
create index submitted_run_queued on submitted_run (executor, submitted_at) where state = 'QUEUED';

alter table study_trial
    add column run_id     uuid references submitted_run (id),
    add column message    text,
    add column retry_of   integer,
    -- set by the pruner; the trial ends as PRUNED when its job has stopped
    add column prune_step  bigint,
    add column prune_value double precision;
create unique index study_trial_run on study_trial (run_id);

-- The objective metric's intermediate values per trial and step: the first value at a step counts,
-- so a redelivered MetricsLogged changes nothing.
create table trial_value (
    study_id uuid             not null,
    number   integer          not null,
    step     bigint           not null,
    value    double precision not null,
    primary key (study_id, number, step),
    foreign key (study_id, number) references study_trial (study_id, number)
);

-- Successive halving: the value each trial reached at each rung.
create table trial_rung (
    study_id uuid             not null,
    rung     integer          not null,
    number   integer          not null,
    value    double precision not null,
    primary key (study_id, rung, number)
);
