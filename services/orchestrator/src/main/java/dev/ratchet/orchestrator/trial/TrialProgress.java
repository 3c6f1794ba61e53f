package dev.ratchet.orchestrator.trial;

import dev.ratchet.contract.events.StoredMessages;
import dev.ratchet.events.v1.MetricContext;
import dev.ratchet.events.v1.MetricPoint;
import dev.ratchet.orchestration.v1.PrunerSpec;
import dev.ratchet.orchestrator.execution.RunQueue;
import dev.ratchet.orchestrator.pruning.Pruner;
import dev.ratchet.orchestrator.pruning.PrunerSpecs;
import dev.ratchet.orchestrator.study.Direction;
import dev.ratchet.orchestrator.study.Study;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A running trial's intermediate values of its study's objective, as its job logs them: stored
 * once per step (a redelivered point changes nothing), then shown to the study's pruner, which may
 * stop the trial — its run is stopped and the trial ends as PRUNED once the process is gone.
 */
@ApplicationScoped
public class TrialProgress {
    @Inject
    EntityManager entityManager;

    @Inject
    RunQueue runs;

    /** Records the points of a run that are intermediate values of a running trial; others are ignored. */
    @Transactional
    public void record(UUID runId, List<MetricPoint> points) {
        Optional<TrialEntry> found = TrialEntry.find("runId = ?1 and state = ?2", runId, TrialEntry.State.RUNNING)
                .firstResultOptional();
        if (found.isEmpty()) {
            return;
        }
        TrialEntry trial = found.get();
        Study study = Study.findById(trial.key.studyId);
        MetricContext context = MetricContext.valueOf(study.objectiveContext);
        Optional<Pruner> pruner = StoredMessages.read(PrunerSpec.parser(), study.pruner, "pruner of " + study.id)
                .flatMap(PrunerSpecs::of);
        List<MetricPoint> objective = points.stream()
                .filter(p -> p.getKey().equals(study.objectiveMetric))
                .filter(p -> context == MetricContext.METRIC_CONTEXT_UNSPECIFIED || p.getContext() == context)
                .sorted(Comparator.comparingLong(MetricPoint::getStep))
                .toList();
        for (MetricPoint point : objective) {
            boolean first = entityManager
                            .createNativeQuery("""
                    insert into trial_value (study_id, number, step, value) values (?1, ?2, ?3, ?4)
                    on conflict do nothing""")
                            .setParameter(1, study.id)
                            .setParameter(2, trial.key.number)
                            .setParameter(3, point.getStep())
                            .setParameter(4, point.getValue())
                            .executeUpdate()
                    == 1;
            if (first && pruner.isPresent() && trial.pruneStep == null) {
                prune(study, trial, pruner.get(), point);
            }
        }
    }

    private void prune(Study study, TrialEntry trial, Pruner pruner, MetricPoint point) {
        double sign = study.direction == Direction.MAXIMIZE ? -1 : 1;
        Optional<String> reason = pruner.prune(
                point.getStep(),
                sign * point.getValue(),
                sign * best(study, trial),
                new StoredHistory(study, trial, sign));
        if (reason.isEmpty()) {
            return;
        }
        String message = "pruned at step " + point.getStep() + ": " + reason.get();
        // A conditional update, not the loaded entity: the study driver may be ending this trial now.
        boolean marked = entityManager
                        .createNativeQuery("""
                update study_trial set prune_step = ?1, prune_value = ?2, message = ?3
                where study_id = ?4 and number = ?5 and state = 'RUNNING' and prune_step is null""")
                        .setParameter(1, point.getStep())
                        .setParameter(2, point.getValue())
                        .setParameter(3, message)
                        .setParameter(4, study.id)
                        .setParameter(5, trial.key.number)
                        .executeUpdate()
                == 1;
        if (marked) {
            trial.pruneStep = point.getStep();
            entityManager.detach(trial);
            runs.stop(trial.runId, message);
        }
    }

    /** The trial's best value so far in the study's direction; NaN when all are NaN. */
    private double best(Study study, TrialEntry trial) {
        Object best = entityManager
                .createNativeQuery("select " + (study.direction == Direction.MAXIMIZE ? "max" : "min")
                        + "(value) from trial_value where study_id = ?1 and number = ?2 and value <> 'NaN'")
                .setParameter(1, study.id)
                .setParameter(2, trial.key.number)
                .getSingleResult();
        return best == null ? Double.NaN : ((Number) best).doubleValue();
    }

    /** The pruner's view of the study, from its tables; values turned into losses. */
    private final class StoredHistory implements Pruner.History {
        private final Study study;
        private final TrialEntry trial;
        private final double sign;

        StoredHistory(Study study, TrialEntry trial, double sign) {
            this.study = study;
            this.trial = trial;
            this.sign = sign;
        }

        @Override
        public String studyName() {
            return study.name;
        }

        @Override
        public int trialNumber() {
            return trial.key.number;
        }

        @Override
        public int completedTrials() {
            return (int) TrialEntry.count("key.studyId = ?1 and state = ?2", study.id, TrialEntry.State.COMPLETE);
        }

        @Override
        public List<Double> completedValuesAt(long step) {
            return doubles(entityManager
                    .createNativeQuery("""
                    select v.value from trial_value v join study_trial t on t.study_id = v.study_id
                      and t.number = v.number
                    where v.study_id = ?1 and v.step = ?2 and t.state = 'COMPLETE'""")
                    .setParameter(1, study.id)
                    .setParameter(2, step)
                    .getResultList());
        }

        @Override
        public int rungsPassed() {
            return ((Number) entityManager
                            .createNativeQuery("select count(*) from trial_rung where study_id = ?1 and number = ?2")
                            .setParameter(1, study.id)
                            .setParameter(2, trial.key.number)
                            .getSingleResult())
                    .intValue();
        }

        @Override
        public List<Double> recordRung(int rung, double value) {
            entityManager
                    .createNativeQuery("""
                    insert into trial_rung (study_id, rung, number, value) values (?1, ?2, ?3, ?4)
                    on conflict do nothing""")
                    .setParameter(1, study.id)
                    .setParameter(2, rung)
                    .setParameter(3, trial.key.number)
                    .setParameter(4, sign * value)
                    .executeUpdate();
            return doubles(entityManager
                    .createNativeQuery("select value from trial_rung where study_id = ?1 and rung = ?2")
                    .setParameter(1, study.id)
                    .setParameter(2, rung)
                    .getResultList());
        }

        private List<Double> doubles(List<?> rows) {
            return rows.stream().map(v -> sign * ((Number) v).doubleValue()).toList();
        }
    }
}
