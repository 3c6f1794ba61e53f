package dev.ratchet.console.study;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ratchet.events.v1.ParamValue;
import dev.ratchet.orchestration.v1.Direction;
import dev.ratchet.orchestration.v1.Objective;
import dev.ratchet.orchestration.v1.Study;
import dev.ratchet.orchestration.v1.StudyTrial;
import dev.ratchet.orchestration.v1.TrialState;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class StudyChartsTest {
    private static final List<StudyTrial> TRIALS = List.of(
            trial(2, TrialState.TRIAL_STATE_COMPLETE, 0.5, "gini"),
            trial(0, TrialState.TRIAL_STATE_COMPLETE, 0.7, "entropy"),
            trial(1, TrialState.TRIAL_STATE_PRUNED, 0.1, "gini"),
            trial(3, TrialState.TRIAL_STATE_COMPLETE, 0.9, "gini"));

    @Test
    void theBestSoFarFollowsTheObjectivesDirectionAndSkipsTrialsWithoutAValue() {
        StudyPage.Charts max =
                StudyPage.charts(study(Direction.DIRECTION_MAXIMIZE), TRIALS, List.of("criterion", "lr"));
        assertEquals(List.of(0, 1, 2, 3), max.numbers());
        assertEquals(Arrays.asList(0.7, null, 0.5, 0.9), max.values());
        assertEquals(List.of(0.7, 0.7, 0.7, 0.9), max.best());

        StudyPage.Charts min =
                StudyPage.charts(study(Direction.DIRECTION_MINIMIZE), TRIALS, List.of("criterion", "lr"));
        assertEquals(List.of(0.7, 0.7, 0.5, 0.5), min.best());
    }

    @Test
    void anInfeasibleTrialIsPlottedButNeverTheBestSoFar() {
        List<StudyTrial> trials = List.of(
                trial(0, TrialState.TRIAL_STATE_COMPLETE, 0.7, "gini"),
                trial(1, TrialState.TRIAL_STATE_COMPLETE, 0.2, "gini").toBuilder()
                        .addConstraints(3.0)
                        .setInfeasible(true)
                        .build(),
                trial(2, TrialState.TRIAL_STATE_COMPLETE, 0.5, "gini"));
        StudyPage.Charts min =
                StudyPage.charts(study(Direction.DIRECTION_MINIMIZE), trials, List.of("criterion", "lr"));
        assertEquals(List.of(0.7, 0.2, 0.5), min.values());
        assertEquals(List.of(0.7, 0.7, 0.5), min.best());
    }

    @Test
    void parallelCoordinatesHaveAnAxisPerParamAndTheObjectiveAndALinePerCompleteTrial() {
        StudyPage.Charts charts =
                StudyPage.charts(study(Direction.DIRECTION_MAXIMIZE), TRIALS, List.of("criterion", "lr"));
        assertEquals(
                List.of("criterion", "lr", "auc"),
                charts.axes().stream().map(StudyPage.Axis::name).toList());
        assertEquals(List.of("entropy", "gini"), charts.axes().get(0).categories());
        assertEquals(null, charts.axes().get(1).categories());
        assertEquals(3, charts.lines().size());
        assertEquals(List.of("entropy", 0.0, 0.7), charts.lines().get(0));
    }

    private static Study study(Direction direction) {
        return Study.newBuilder()
                .setObjective(Objective.newBuilder().setMetric("auc").setDirection(direction))
                .build();
    }

    private static StudyTrial trial(int number, TrialState state, double value, String criterion) {
        return StudyTrial.newBuilder()
                .setNumber(number)
                .setState(state)
                .setValue(value)
                .putParams(
                        "criterion",
                        ParamValue.newBuilder().setStringValue(criterion).build())
                .putParams(
                        "lr",
                        ParamValue.newBuilder().setDoubleValue(number / 10.0).build())
                .build();
    }
}
