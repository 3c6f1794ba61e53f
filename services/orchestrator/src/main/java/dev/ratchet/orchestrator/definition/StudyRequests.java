package dev.ratchet.orchestrator.definition;

import dev.ratchet.common.grpc.ApiException;
import dev.ratchet.common.grpc.Requests;
import dev.ratchet.contract.events.PredictionSources;
import dev.ratchet.contract.events.StoredMessages;
import dev.ratchet.contract.events.Times;
import dev.ratchet.orchestration.v1.Budget;
import dev.ratchet.orchestration.v1.CreateStudyRequest;
import dev.ratchet.orchestration.v1.JobTemplate;
import dev.ratchet.orchestration.v1.Objective;
import dev.ratchet.orchestration.v1.ParamSpec;
import dev.ratchet.orchestration.v1.SamplerSpec;
import dev.ratchet.orchestration.v1.SearchSpace;
import dev.ratchet.orchestrator.execution.JobExecutors;
import dev.ratchet.orchestrator.execution.JobTemplates;
import dev.ratchet.orchestrator.pruning.PrunerSpecs;
import dev.ratchet.orchestrator.search.GridSampler;
import dev.ratchet.orchestrator.study.Direction;
import dev.ratchet.orchestrator.study.Studies;
import dev.ratchet.orchestrator.study.Study;
import dev.ratchet.orchestrator.trial.SearchSpaces;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A CreateStudyRequest checked whole — objective, search space, sampler, job, budget, pruner and
 * evaluation — before anything is stored or run: from the API, and from a trigger both when it is
 * created and each time it fires.
 */
@ApplicationScoped
public class StudyRequests {
    public static final int MAX_NAME_LENGTH = 200;
    static final int MAX_CONSTRAINTS = 16;

    @Inject
    JobExecutors executors;

    /** The study the request describes, or INVALID_ARGUMENT / FAILED_PRECONDITION saying what to fix. */
    @Transactional
    public Studies.Definition definition(CreateStudyRequest request) {
        Direction direction = switch (request.getObjective().getDirection()) {
            case DIRECTION_MINIMIZE -> Direction.MINIMIZE;
            case DIRECTION_MAXIMIZE -> Direction.MAXIMIZE;
            default ->
                throw ApiException.invalidArgument(
                        "objective.direction must be DIRECTION_MINIMIZE or DIRECTION_MAXIMIZE");
        };
        if (request.getMaxTrials() < 1 || request.getMaxTrials() > Studies.MAX_TRIALS) {
            throw ApiException.invalidArgument(
                    "max_trials is " + request.getMaxTrials() + "; it must be 1 to " + Studies.MAX_TRIALS);
        }
        Objective objective = request.getObjective();
        if (objective.getContextValue() > 3 || objective.getStepValue() > 2) {
            throw ApiException.invalidArgument("objective.context or objective.step is unknown");
        }
        JobTemplate job = null;
        if (request.hasJob()) {
            if (!request.hasSearchSpace()) {
                throw ApiException.invalidArgument("a study with a job needs a search_space for its trials");
            }
            job = executors.checkExecutor(JobTemplates.validated(request.getJob()));
        }
        if (request.hasEvaluateBest()) {
            if (job == null) {
                throw ApiException.invalidArgument(
                        "evaluate_best needs a job: only a study that runs its trials" + " knows when it ends");
            }
            PredictionSources.problem(
                            request.getEvaluateBest().getSource(),
                            request.getEvaluateBest().getOptions())
                    .ifPresent(problem -> {
                        throw ApiException.invalidArgument("evaluate_best: " + problem);
                    });
        }
        if (request.getConstraintsCount() > 0 && job != null) {
            throw ApiException.invalidArgument("constraints are told with each trial through TellTrial; a study with"
                    + " a job cannot report them yet (create it without a job, or without constraints)");
        }
        if (PrunerSpecs.of(request.getPruner()).isPresent() && job == null) {
            throw ApiException.invalidArgument("pruner needs a job: ask/tell trials report no intermediate values");
        }
        return new Studies.Definition(
                Requests.text("name", request.getName(), MAX_NAME_LENGTH),
                Requests.text("experiment_name", request.getExperimentName(), MAX_NAME_LENGTH),
                objective.toBuilder()
                        .setMetric(Requests.text("objective.metric", objective.getMetric(), 250))
                        .build(),
                direction,
                request.getMaxTrials(),
                request.hasSearchSpace() ? validated(request.getSearchSpace(), request.getSampler()) : null,
                request.getSampler(),
                job,
                validated(request.getBudget()),
                request.getPruner(),
                request.hasEvaluateBest() ? request.getEvaluateBest() : null,
                constraints(request.getConstraintsList()),
                fromStudies(request, direction));
    }

    /**
     * The warm start's studies: each exists, optimises in the same direction and has every parameter
     * of this space with the same kind; the sampler must be one that learns from them.
     */
    private static List<UUID> fromStudies(CreateStudyRequest request, Direction direction) {
        if (request.getFromStudiesCount() == 0) {
            return List.of();
        }
        if (!SearchSpaces.sampler(request.getSampler()).learnsFromOtherStudies()) {
            throw ApiException.invalidArgument(
                    "from_studies: sampler " + request.getSampler().getKind()
                            + " does not learn from earlier trials; warm starts take TPE, multivariate TPE or evolutionary");
        }
        if (!request.hasSearchSpace()) {
            throw ApiException.invalidArgument("from_studies needs a search_space to read the earlier trials in");
        }
        Set<UUID> ids = new LinkedHashSet<>();
        for (int i = 0; i < request.getFromStudiesCount(); i++) {
            String field = "from_studies[" + i + "]";
            UUID id = Requests.uuid(field, request.getFromStudies(i));
            Study source = Study.findById(id);
            if (source == null) {
                throw ApiException.notFound(field + ": no study with id " + id);
            }
            if (source.direction != direction) {
                throw ApiException.invalidArgument(
                        field + ": study " + id + " " + source.direction.name().toLowerCase(Locale.ROOT)
                                + "s its objective; a warm start takes studies that optimise in the same direction");
            }
            Map<String, ParamSpec.KindCase> kinds = new HashMap<>();
            StoredMessages.read(SearchSpace.parser(), source.searchSpace, "search space of study " + id)
                    .ifPresent(space -> space.getParamsList().forEach(p -> kinds.put(p.getName(), p.getKindCase())));
            for (ParamSpec param : request.getSearchSpace().getParamsList()) {
                if (kinds.get(param.getName()) != param.getKindCase()) {
                    throw ApiException.invalidArgument(field + ": study " + id
                            + (kinds.containsKey(param.getName())
                                    ? " has '" + param.getName() + "' as another kind of parameter"
                                    : " has no parameter '" + param.getName() + "'")
                            + "; a warm start takes studies whose spaces have every parameter of this one");
                }
            }
            if (!ids.add(id)) {
                throw ApiException.invalidArgument(field + " names study " + id + " twice");
            }
        }
        return List.copyOf(ids);
    }

    /** The constraints' names: up to MAX_CONSTRAINTS, each named once. */
    private static List<String> constraints(List<String> names) {
        if (names.size() > MAX_CONSTRAINTS) {
            throw ApiException.invalidArgument(
                    "constraints has " + names.size() + " names; a study takes up to " + MAX_CONSTRAINTS);
        }
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String name = Requests.text("constraints[" + i + "]", names.get(i), MAX_NAME_LENGTH);
            if (!seen.add(name)) {
                throw ApiException.invalidArgument("constraints names '" + name + "' twice; give each constraint once");
            }
        }
        return List.copyOf(seen);
    }

    /** Checks the space and the sampler now, so a bad study fails before any trial. */
    private static SearchSpace validated(SearchSpace space, SamplerSpec sampler) {
        dev.ratchet.orchestrator.search.SearchSpace parsed = SearchSpaces.of(space);
        if (SearchSpaces.sampler(sampler) instanceof GridSampler grid && grid.size(parsed) > 10_000_000) {
            throw ApiException.invalidArgument("the grid has " + grid.size(parsed)
                    + " combinations; lower sampler.grid_points or use another sampler");
        }
        return space;
    }

    private static Budget validated(Budget budget) {
        if (budget.getMaxParallelTrials() < 0 || budget.getMaxParallelTrials() > 1000) {
            throw ApiException.invalidArgument("budget.max_parallel_trials is " + budget.getMaxParallelTrials()
                    + "; it must be 0 (meaning 1) to 1000");
        }
        if (budget.getMaxFailedTrials() < 0) {
            throw ApiException.invalidArgument("budget.max_failed_trials must be 0 (never stop) or more");
        }
        if (budget.getMaxRetries() < 0 || budget.getMaxRetries() > 10) {
            throw ApiException.invalidArgument("budget.max_retries must be 0 to 10");
        }
        if (budget.hasTimeBox() && budget.hasDeadline()) {
            throw ApiException.invalidArgument("budget: give a deadline or a time_box, not both");
        }
        if (budget.hasTimeBox() && budget.getTimeBox().getSeconds() <= 0) {
            throw ApiException.invalidArgument("budget.time_box must be at least one second");
        }
        if (budget.hasDeadline() && !Times.toInstant(budget.getDeadline()).isAfter(Times.now())) {
            throw ApiException.invalidArgument("budget.deadline " + Times.toInstant(budget.getDeadline())
                    + " is in the past; give a future time, or none");
        }
        return budget;
    }
}
