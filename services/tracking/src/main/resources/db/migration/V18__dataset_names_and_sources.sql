-- A dataset as its client named it: MLflow's name, context word ("training"), source type and source
-- come back as given. The context of earlier rows is their role's name.
alter table run_dataset add column name        text not null default '';
alter table run_dataset add column context     text not null default '';
alter table run_dataset add column source_type text not null default '';
alter table run_dataset add column source      text not null default '';
update run_dataset set context = case role when 1 then 'train' when 2 then 'validation' when 3 then 'test' else '' end;
create index run_dataset_name_idx on run_dataset (name);
