-- Triggers start a study from a template (a protobuf CreateStudyRequest) on a cron schedule or
-- on an event of one experiment.
create table study_trigger (
    id              uuid primary key,
    name            text        not null,
    cron            text,
    event           text,
    experiment_name text,
    study_template  bytea       not null,
    created_at      timestamptz not null,
    last_fired      timestamptz,
    studies_started integer     not null default 0,
    last_study_id   uuid references study (id),
    check ((cron is null) <> (event is null))
);
create index study_trigger_event on study_trigger (event, experiment_name) where event is not null;
