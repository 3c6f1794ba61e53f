-- The scheduled time of the last cron firing a trigger started a study for: every replica schedules
-- every cron trigger, and the first to lock the trigger for a slot starts its study; the others see
-- the slot taken and do nothing.
alter table study_trigger add column last_cron_slot timestamptz;
