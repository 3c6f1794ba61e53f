package dev.ratchet.orchestrator.study;

import dev.ratchet.common.grpc.ApiException;
import dev.ratchet.common.outbox.Outbox;
import dev.ratchet.contract.events.Times;
import dev.ratchet.events.v1.StudyStarted;
import dev.ratchet.orchestration.v1.BestTrialEvaluation;
import dev.ratchet.orchestration.v1.Budget;
import dev.ratchet.orchestration.v1.JobTemplate;
import dev.ratchet.orchestration.v1.Objective;
import dev.ratchet.orchestration.v1.PrunerSpec;
import dev.ratchet.orchestration.v1.SamplerSpec;
import dev.ratchet.orchestration.v1.SearchSpace;
import dev.ratchet.orchestration.v1.StepSelection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.UUID;

/** Creating and finding studies; their trials are in {@code trial}. */
@ApplicationScoped
public class Studies {
    public static final int MAX_TRIALS = 100_000;

    /** What a new study is to do; validated by the caller. A study with a job runs its own trials. */
    public record Definition(
            String name,
            String experimentName,
            Objective objective,
            Direction direction,
            int maxTrials,
            SearchSpace searchSpace,
            SamplerSpec sampler,
            JobTemplate job,
            Budget budget,
            PrunerSpec pruner,
            BestTrialEvaluation evaluateBest,
            List<String> constraints,
            List<UUID> fromStudies) {}

    @Inject
    Outbox outbox;

    @Transactional
    public Study create(Definition definition) {
        Study study = new Study();
        study.id = UUID.randomUUID();
        study.name = definition.name();
        study.experimentName = definition.experimentName();
        study.objectiveMetric = definition.objective().getMetric();
        study.objectiveContext = definition.objective().getContext().name();
        study.objectiveStep = definition.objective().getStep() == StepSelection.STEP_SELECTION_BEST ? "BEST" : "LAST";
        study.direction = definition.direction();
        study.maxTrials = definition.maxTrials();
        study.state = definition.job() == null ? StudyState.CREATED : StudyState.RUNNING;
        study.createdAt = Times.now();
        study.searchSpace = definition.searchSpace() == null
                ? null
                : definition.searchSpace().toByteArray();
        study.sampler = definition.sampler().toByteArray();
        study.job = definition.job() == null ? null : definition.job().toByteArray();
        Budget budget = definition.budget();
        if (budget.hasTimeBox()) { // a time box as a length starts now
            budget = budget.toBuilder()
                    .setDeadline(Times.toProto(study.createdAt
                            .plusSeconds(budget.getTimeBox().getSeconds())
                            .plusNanos(budget.getTimeBox().getNanos())))
                    .build();
        }
        study.budget = budget.toByteArray();
        study.pruner = definition.pruner().getKindCase() == PrunerSpec.KindCase.KIND_NOT_SET
                ? null
                : definition.pruner().toByteArray();
        study.evaluateBest = definition.evaluateBest() == null
                ? null
                : definition.evaluateBest().toByteArray();
        study.constraints = definition.constraints().toArray(String[]::new);
        study.fromStudies = definition.fromStudies().toArray(UUID[]::new);
        study.persist();
        if (definition.job() != null) {
            outbox.publish(
                    study.id.toString(),
                    StudyStarted.newBuilder()
                            .setStudyId(study.id.toString())
                            .setName(study.name)
                            .setExperimentName(study.experimentName)
                            .setObjectiveMetric(study.objectiveMetric)
                            .build());
        }
        return study;
    }

    @Transactional
    public Study get(UUID id) {
        return Study.<Study>findByIdOptional(id).orElseThrow(() -> ApiException.notFound("no study with id " + id));
    }

    /** The experiment's studies, newest first. */
    @Transactional
    public List<Study> ofExperiment(String experimentName, int limit) {
        return Study.<Study>find("experimentName = ?1 order by createdAt desc", experimentName)
                .page(0, limit)
                .list();
    }
}
