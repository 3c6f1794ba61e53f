-- A run's files; the bytes live content-addressed in the artifact store, under their digest.
create table artifact (
    run_id       uuid        not null references run (id),
    path         text        not null,
    digest       text        not null,
    size_bytes   bigint      not null,
    content_type text        not null,
    image        boolean     not null,
    created_at   timestamptz not null,
    primary key (run_id, path)
);
