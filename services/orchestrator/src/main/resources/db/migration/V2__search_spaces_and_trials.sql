-- A study's search space and sampler (protobuf SearchSpace and SamplerSpec).
alter table study add column search_space bytea;
alter table study add column sampler bytea;

-- The trials of a study, numbered in the order they were asked for.
create table study_trial (
    study_id    uuid             not null references study (id),
    number      integer          not null,
    params      bytea            not null, -- protobuf StudyTrial carrying only its params
    state       text             not null,
    value       double precision,
    created_at  timestamptz      not null,
    finished_at timestamptz,
    primary key (study_id, number)
);
