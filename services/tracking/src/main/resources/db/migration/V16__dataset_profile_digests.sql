-- The content digests of a profile's parts, so a run's dataset (known by its digest) finds its
-- profiles. Profiles stored before this column are filled in at start (ProfileDigestsBackfill).
alter table dataset_profile add column part_digests text[];
create index dataset_profile_part_digests on dataset_profile using gin (part_digests);
