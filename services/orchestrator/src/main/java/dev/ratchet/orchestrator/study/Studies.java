package dev.ratchet.orchestrator.study;

import dev.ratchet.common.events.Times;
import dev.ratchet.common.grpc.ApiException;
import dev.ratchet.orchestration.v1.SamplerSpec;
import dev.ratchet.orchestration.v1.SearchSpace;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.UUID;

/** Creating and finding studies; their trials are in {@code trial}. */
@ApplicationScoped
public class Studies {
    public static final int MAX_TRIALS = 100_000;

    /** What a new study is to do; validated by the caller. */
    public record Definition(String name, String experimentName, String objectiveMetric, Direction direction,
            int maxTrials, SearchSpace searchSpace, SamplerSpec sampler) {
    }

    @Transactional
    public Study create(Definition definition) {
        Study study = new Study();
        study.id = UUID.randomUUID();
        study.name = definition.name();
        study.experimentName = definition.experimentName();
        study.objectiveMetric = definition.objectiveMetric();
        study.direction = definition.direction();
        study.maxTrials = definition.maxTrials();
        study.state = StudyState.CREATED;
        study.createdAt = Times.now();
        study.searchSpace = definition.searchSpace() == null ? null : definition.searchSpace().toByteArray();
        study.sampler = definition.sampler().toByteArray();
        study.persist();
        return study;
    }

    @Transactional
    public Study get(UUID id) {
        return Study.<Study>findByIdOptional(id).orElseThrow(() -> ApiException.notFound("no study with id " + id));
    }
}
