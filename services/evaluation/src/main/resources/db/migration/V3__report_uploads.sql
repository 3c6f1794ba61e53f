-- Each succeeded evaluation's HTML report is stored in tracking as an artifact of its run; until it
-- is, the evaluation is pending and the uploader tries again (tracking down, the run not known yet).
alter table evaluation
    add column report_stored_at       timestamptz,
    add column report_upload_attempts integer not null default 0,
    add column report_next_upload_at  timestamptz,
    add column report_upload_error    text;

-- Evaluations from before this migration are not uploaded again.
update evaluation set report_stored_at = finished_at where report is not null;

create index evaluation_report_pending on evaluation (report_next_upload_at)
    where report is not null and report_stored_at is null;
