-- A re-run names the run it reproduces and the relative tolerance its metrics are compared with.
alter table run add column reproduces_run_id uuid references run (id);
alter table run add column reproduction_tolerance double precision;
