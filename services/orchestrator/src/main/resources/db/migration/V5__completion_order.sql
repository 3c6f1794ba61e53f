-- Each study numbers its trials in the order they complete, so a suggestion reads only the trials
-- completed since the orchestrator last looked (ask/tell with thousands of trials) instead of them all.
alter table study add column completed_trials integer not null default 0;
alter table study_trial add column completed_seq integer;

update study_trial t set completed_seq = o.seq
  from (select study_id, number,
               row_number() over (partition by study_id order by finished_at, number) as seq
          from study_trial where state = 'COMPLETE') o
 where t.study_id = o.study_id and t.number = o.number;
update study s set completed_trials =
       (select count(*) from study_trial t where t.study_id = s.id and t.state = 'COMPLETE');

create unique index study_trial_completed_seq on study_trial (study_id, completed_seq)
  where completed_seq is not null;
