package dev.ratchet.orchestrator.trial;

import dev.ratchet.common.grpc.ApiException;
import dev.ratchet.contract.events.StoredMessages;
import dev.ratchet.orchestration.v1.SamplerSpec;
import dev.ratchet.orchestrator.search.Sampler;
import dev.ratchet.orchestrator.search.SearchSpace;
import dev.ratchet.orchestrator.search.Trial;
import dev.ratchet.orchestrator.study.Direction;
import dev.ratchet.orchestrator.study.Study;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.jpa.HibernateHints;

/**
 * Each recently asked study's search space, sampler and completed trials, kept between suggestions:
 * a suggestion reads only the trials completed since the last one (by their completion number), and
 * a TPE sampler indexes only those — no re-read of the study per suggestion. Callers hold the study's
 * row lock, under which completion numbers are handed out, so the numbers read have no gaps; any
 * replica can catch up from the database, and a study whose count went back is read afresh.
 */
@ApplicationScoped
public class StudySearches {
    private static final int STUDIES = 64;

    private final Map<UUID, StudySearch> recent = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, StudySearch> eldest) {
            return size() > STUDIES;
        }
    });

    /** The study's search state, read up to its latest completed trial. Call under the study's row lock. */
    public StudySearch of(Study study) {
        StudySearch search = recent.computeIfAbsent(study.id, id -> new StudySearch(study));
        search.catchUp(study);
        return search;
    }

    /**
     * A study's search space and sampler with the completed trials it has seen: a warm start's
     * earlier trials first (numbered −n … −1, oldest first), then its own in completion order.
     */
    public static final class StudySearch {
        public final SearchSpace space;
        public final Sampler sampler;
        private final List<Trial> completed = new ArrayList<>();
        private final int warm;

        private StudySearch(Study study) {
            space = StoredMessages.read(
                            dev.ratchet.orchestration.v1.SearchSpace.parser(),
                            study.searchSpace,
                            "search space of study " + study.id)
                    .map(SearchSpaces::of)
                    .orElseThrow(() -> ApiException.failedPrecondition(
                            "study " + study.id + " has no search space; create it with one"));
            sampler = SearchSpaces.sampler(
                    StoredMessages.read(SamplerSpec.parser(), study.sampler, "sampler of study " + study.id)
                            .orElse(SamplerSpec.getDefaultInstance()));
            if (sampler.usesHistory()) {
                completed.addAll(earlierTrials(study, space));
            }
            warm = completed.size();
        }

        /**
         * The trials the studies it was warm-started from had completed when it was created, as
         * values of this space; a trial with a value this space does not take is left out. Fixed at
         * creation, so a restarted service asks the same questions.
         */
        private static List<Trial> earlierTrials(Study study, SearchSpace space) {
            List<TrialEntry> entries = new ArrayList<>();
            for (UUID source : study.fromStudies) {
                entries.addAll(TrialEntry.<TrialEntry>find(
                                "key.studyId = ?1 and state = ?2 and finishedAt <= ?3" + " order by completedSeq",
                                source,
                                TrialEntry.State.COMPLETE,
                                study.createdAt)
                        .withHint(HibernateHints.HINT_READ_ONLY, true)
                        .list());
            }
            List<Trial> taken = new ArrayList<>();
            for (TrialEntry e : entries) {
                Map<String, Object> values = new LinkedHashMap<>(TrialParams.values(e));
                values.keySet()
                        .retainAll(space.params().stream().map(p -> p.name()).toList());
                try {
                    taken.add(new Trial(0, space.check(values), loss(study, e.value), Trial.violation(e.constraints)));
                } catch (IllegalArgumentException outside) {
                    // a value this space does not take: not a trial of this search
                }
            }
            List<Trial> numbered = new ArrayList<>(); // −n … −1: before trial 0, oldest first
            for (int i = 0; i < taken.size(); i++) {
                Trial t = taken.get(i);
                numbered.add(new Trial(i - taken.size(), t.params(), t.loss(), t.violation()));
            }
            return numbered;
        }

        /** An objective value as a loss: lower is better. */
        private static double loss(Study study, double value) {
            return study.direction == Direction.MAXIMIZE ? -value : value;
        }

        /** The completed trials, losses oriented lower-is-better; empty for samplers that do not read them. */
        public synchronized List<Trial> completed() {
            return sampler.usesHistory() ? completed : List.of();
        }

        private synchronized void catchUp(Study study) {
            int own = completed.size() - warm;
            if (!sampler.usesHistory() || study.completedTrials == own) {
                return;
            }
            if (study.completedTrials < own) {
                completed.subList(warm, completed.size()).clear();
                own = 0;
            }
            // read-only: thousands of trials on a first read need no dirty checking when the ask commits
            TrialEntry.<TrialEntry>find("key.studyId = ?1 and completedSeq > ?2 order by completedSeq", study.id, own)
                    .withHint(HibernateHints.HINT_READ_ONLY, true)
                    .list()
                    .forEach(e -> completed.add(new Trial(
                            e.key.number,
                            TrialParams.values(e),
                            loss(study, e.value),
                            Trial.violation(e.constraints))));
        }
    }
}
