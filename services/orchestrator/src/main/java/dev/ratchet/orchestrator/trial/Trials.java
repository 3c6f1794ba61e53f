package dev.ratchet.orchestrator.trial;

import dev.ratchet.common.events.StoredMessages;
import dev.ratchet.common.events.Times;
import dev.ratchet.common.grpc.ApiException;
import dev.ratchet.orchestration.v1.SamplerSpec;
import dev.ratchet.orchestration.v1.StudyTrial;
import dev.ratchet.orchestration.v1.TrialState;
import dev.ratchet.orchestrator.search.GridSampler;
import dev.ratchet.orchestrator.search.Sampler;
import dev.ratchet.orchestrator.search.SearchSpace;
import dev.ratchet.orchestrator.search.Trial;
import dev.ratchet.orchestrator.study.Direction;
import dev.ratchet.orchestrator.study.Studies;
import dev.ratchet.orchestrator.study.Study;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Ask/tell over a study's trials, durable in PostgreSQL: a suggestion depends only on the study's
 * seed, the trial number and the finished trials, so a restarted service asks the same questions.
 * Asking locks the study row, so concurrent askers get distinct trial numbers.
 */
@ApplicationScoped
public class Trials {
    @Inject
    Studies studies;

    @Transactional
    public StudyTrial ask(UUID studyId) {
        Study study = Study.findById(studyId, LockModeType.PESSIMISTIC_WRITE);
        if (study == null) {
            throw ApiException.notFound("no study with id " + studyId);
        }
        SearchSpace space = StoredMessages.read(dev.ratchet.orchestration.v1.SearchSpace.parser(), study.searchSpace,
                "search space of study " + studyId).map(SearchSpaces::of).orElseThrow(() ->
                ApiException.failedPrecondition("study " + studyId + " has no search space; create it with one"));
        SamplerSpec spec = StoredMessages.read(SamplerSpec.parser(), study.sampler, "sampler of study " + studyId)
                .orElse(SamplerSpec.getDefaultInstance());
        Sampler sampler = SearchSpaces.sampler(spec);
        int number = (int) TrialEntry.count("key.studyId", studyId);
        if (number >= study.maxTrials) {
            throw ApiException.failedPrecondition("study " + studyId + " has used its budget of " + study.maxTrials
                    + " trials");
        }
        if (sampler instanceof GridSampler grid && number >= grid.size(space)) {
            throw ApiException.failedPrecondition("study " + studyId + " has tried all " + grid.size(space)
                    + " combinations of its grid");
        }
        List<TrialEntry> entries = !sampler.usesHistory() ? List.of()
                : TrialEntry.list("key.studyId = ?1 and state = ?2 order by key.number", studyId,
                        TrialEntry.State.COMPLETE);
        List<Trial> completed = entries.stream().map(e -> new Trial(e.key.number, SearchSpaces.fromProto(
                params(e).getParamsMap()), study.direction == Direction.MAXIMIZE ? -e.value : e.value)).toList();
        Map<String, Object> suggestion = sampler.suggest(space, completed, number);
        TrialEntry entry = new TrialEntry();
        entry.key = new TrialEntry.Key(studyId, number);
        entry.params = StudyTrial.newBuilder().putAllParams(SearchSpaces.toProto(suggestion)).build().toByteArray();
        entry.state = TrialEntry.State.RUNNING;
        entry.createdAt = Times.now();
        entry.persist();
        return view(entry);
    }

    @Transactional
    public StudyTrial tell(UUID studyId, int number, TrialState state, double value) {
        studies.get(studyId);
        TrialEntry entry = TrialEntry.findById(new TrialEntry.Key(studyId, number));
        if (entry == null) {
            throw ApiException.notFound("study " + studyId + " has no trial " + number + "; ask for it first");
        }
        TrialEntry.State newState = switch (state) {
            case TRIAL_STATE_COMPLETE -> TrialEntry.State.COMPLETE;
            case TRIAL_STATE_FAILED -> TrialEntry.State.FAILED;
            default -> throw ApiException.invalidArgument("state must be TRIAL_STATE_COMPLETE or TRIAL_STATE_FAILED");
        };
        if (newState == TrialEntry.State.COMPLETE && !Double.isFinite(value)) {
            throw ApiException.invalidArgument("value is " + value + "; a complete trial needs a finite value"
                    + " (report a diverged trial as TRIAL_STATE_FAILED)");
        }
        Double stored = newState == TrialEntry.State.COMPLETE ? value : null;
        if (entry.state != TrialEntry.State.RUNNING) {
            if (entry.state == newState && Objects.equals(entry.value, stored)) {
                return view(entry); // a retried tell
            }
            throw ApiException.failedPrecondition("trial " + number + " of study " + studyId + " already finished as "
                    + entry.state + (entry.value == null ? "" : " with value " + entry.value));
        }
        entry.state = newState;
        entry.value = stored;
        entry.finishedAt = Times.now();
        return view(entry);
    }

    @Transactional
    public List<StudyTrial> list(UUID studyId) {
        studies.get(studyId);
        return TrialEntry.<TrialEntry>list("key.studyId = ?1 order by key.number", studyId).stream()
                .map(Trials::view).toList();
    }

    /** The complete trial with the best value in the study's direction. */
    @Transactional
    public java.util.Optional<StudyTrial> best(UUID studyId, List<StudyTrial> trials) {
        Study study = studies.get(studyId);
        return trials.stream().filter(t -> t.getState() == TrialState.TRIAL_STATE_COMPLETE)
                .min((a, b) -> study.direction == Direction.MAXIMIZE ? Double.compare(b.getValue(), a.getValue())
                        : Double.compare(a.getValue(), b.getValue()));
    }

    private static StudyTrial params(TrialEntry entry) {
        return StoredMessages.read(StudyTrial.parser(), entry.params, "trial " + entry.key.number)
                .orElse(StudyTrial.getDefaultInstance());
    }

    static StudyTrial view(TrialEntry entry) {
        StudyTrial.Builder view = params(entry).toBuilder()
                .setStudyId(entry.key.studyId.toString())
                .setNumber(entry.key.number)
                .setState(TrialState.valueOf("TRIAL_STATE_" + entry.state));
        if (entry.value != null) {
            view.setValue(entry.value);
        }
        return view.build();
    }
}
