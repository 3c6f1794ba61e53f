-- Constraints of an ask/tell study (CreateStudyRequest.constraints): their names, and each complete
-- trial's values in that order; a trial is feasible when every value is at most 0.
alter table study add column constraints text[] not null default '{}';
alter table study_trial add column constraints double precision[] not null default '{}';
