-- Dataset profiles computed by the evaluation service, under a key derived from the files' digests.
create table dataset_profile (
    profile_key text primary key,
    profile     bytea       not null,
    created_at  timestamptz not null
);
