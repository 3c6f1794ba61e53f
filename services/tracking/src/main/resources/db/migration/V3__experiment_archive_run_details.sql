alter table experiment add column archived boolean not null default false;

alter table run add column user_name     text not null default '';
alter table run add column notes         text not null default '';
alter table run add column approach      text;
alter table run add column parent_run_id uuid references run (id);
