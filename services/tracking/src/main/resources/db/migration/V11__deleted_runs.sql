-- MLflow's runs/delete and runs/restore: a deleted run is kept, and hidden from searches.
alter table run add column deleted boolean not null default false;
