package dev.ratchet.orchestrator.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Studies seeded 0, 1, 2, … are independent: a benchmark's seeds, a user's repeated studies. With the
 * stream's state linear in the seed, seed s + 1 drew seed s's numbers shifted by one — an 8-parameter
 * study's random trials were the previous seed's with its coordinates rotated.
 */
class SeedsTest {

    @Test
    void noTwoStudiesOrTrialsShareADrawAmongTheirFirstHundred() {
        Set<Long> draws = new HashSet<>();
        int total = 0;
        for (long seed = 0; seed < 50; seed++) {
            for (int trial = -1; trial < 200; trial++) {
                SplittableRandom random = Seeds.forTrial(seed, trial);
                for (int k = 0; k < 100; k++) {
                    draws.add(random.nextLong());
                    total++;
                }
            }
        }
        assertEquals(total, draws.size());
    }

    @Test
    void consecutiveSeedsDrawUnrelatedRandomTrials() {
        SearchSpace space = new SearchSpace(List.of(
                new Param.FloatParam("x0", 0, 1, false, null),
                new Param.FloatParam("x1", 0, 1, false, null),
                new Param.FloatParam("x2", 0, 1, false, null)));
        for (long seed = 1; seed < 20; seed++) {
            Map<String, Object> here = new RandomSampler(seed).suggest(space, List.of(), 0);
            Map<String, Object> next = new RandomSampler(seed + 1).suggest(space, List.of(), 0);
            Set<Object> shared = new HashSet<>(here.values());
            shared.retainAll(next.values());
            assertTrue(shared.isEmpty(), "seeds " + seed + " and " + (seed + 1) + " share " + shared);
        }
    }
}
