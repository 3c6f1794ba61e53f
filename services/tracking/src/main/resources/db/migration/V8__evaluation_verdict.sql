-- The baseline gate's verdict (protobuf Verdict), when the evaluation had a gate.
alter table evaluation_result add column verdict bytea;
