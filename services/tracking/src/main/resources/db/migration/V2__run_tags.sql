create table run_tag (
    run_id uuid not null references run (id),
    key    text not null,
    value  text not null,
    primary key (run_id, key)
);
