-- A run that events name before any RunStarted (or CreateRun) announced it is held: its metrics and
-- its end are kept, it is no run to the API yet, and it is dropped when nothing announces it within
-- ratchet.tracking.unannounced-run-retention.
alter table run add column held_since timestamptz;
update run set held_since = now() where experiment_id is null;
create index run_held_since on run (held_since) where held_since is not null;
