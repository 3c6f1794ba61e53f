-- The earlier studies whose complete trials a study's sampler reads as history (CreateStudyRequest
-- .from_studies), oldest first.
alter table study add column from_studies uuid[] not null default '{}';
