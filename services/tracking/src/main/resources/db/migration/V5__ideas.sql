create table idea (
    id            uuid primary key,
    experiment_id uuid        not null references experiment (id),
    title         text        not null,
    hypothesis    text        not null,
    owner         text        not null,
    time_box_days integer     not null,
    created_at    timestamptz not null,
    deadline      timestamptz not null,
    status        text        not null,
    closed_at     timestamptz
);
create index idea_open_deadline_idx on idea (deadline) where status = 'OPEN';

alter table run add column idea_id uuid references idea (id);
