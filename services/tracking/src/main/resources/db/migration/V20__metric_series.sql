-- One row per metric series (run, key, context) with what readers ask most, kept at write time:
-- the latest point (highest step, then newest), the lowest and highest value and the point count.
-- Run pages, search filters and ordering, baselines and ideas read it instead of the points.
create table metric_series (
    run_id            uuid             not null references run (id),
    key               text             not null,
    context           smallint         not null,
    last_step         bigint           not null,
    last_timestamp_us bigint           not null,
    last_value        double precision not null,
    min_value         double precision not null,
    max_value         double precision not null,
    point_count       bigint           not null,
    primary key (run_id, key, context)
);
create index metric_series_key_value_idx on metric_series (key, last_value);

insert into metric_series (run_id, key, context, last_step, last_timestamp_us, last_value, min_value, max_value,
                           point_count)
select run_id, key, context,
       (array_agg(step order by step desc, timestamp_us desc))[1],
       (array_agg(timestamp_us order by step desc, timestamp_us desc))[1],
       (array_agg(value order by step desc, timestamp_us desc))[1],
       min(value), max(value), count(*)
from metric_point
group by run_id, key, context;

analyze metric_series;
