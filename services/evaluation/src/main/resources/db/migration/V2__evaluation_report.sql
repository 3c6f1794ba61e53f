-- The full EvaluationReport (protobuf), beside the summary that travels in events.
alter table evaluation add column report bytea;
