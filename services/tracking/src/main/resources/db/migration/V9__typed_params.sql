-- Typed params: each value's type, and its number (a typed number, or text that reads as one),
-- which filters such as params.lr > 0.001 compare.
alter table run_param add column value_type text not null default 'string';
alter table run_param add column number double precision;
create index run_param_key_number_idx on run_param (key, number);
