-- V9's index on (key, number) serves no query: filters read a run's params by (run_id, key), the
-- primary key. Worse, with stale statistics the planner chose it for that lookup and scanned every
-- run's value of the key once per run (SearchRuns over 10,000 runs: 214 ms → 8 s in the benchmark).
drop index if exists run_param_key_number_idx;
