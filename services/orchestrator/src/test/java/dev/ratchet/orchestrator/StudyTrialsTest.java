package dev.ratchet.orchestrator;

import static dev.ratchet.testing.GrpcAssertions.assertStatus;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ratchet.events.v1.ParamValue;
import dev.ratchet.events.v1.TrialCompleted;
import dev.ratchet.events.v1.TrialFailed;
import dev.ratchet.events.v1.TrialStarted;
import dev.ratchet.orchestration.v1.AskTrialRequest;
import dev.ratchet.orchestration.v1.CancelStudyRequest;
import dev.ratchet.orchestration.v1.Categorical;
import dev.ratchet.orchestration.v1.CreateStudyRequest;
import dev.ratchet.orchestration.v1.Direction;
import dev.ratchet.orchestration.v1.EnqueueTrialRequest;
import dev.ratchet.orchestration.v1.FloatRange;
import dev.ratchet.orchestration.v1.GetParamImportancesRequest;
import dev.ratchet.orchestration.v1.GetParamImportancesResponse;
import dev.ratchet.orchestration.v1.IntRange;
import dev.ratchet.orchestration.v1.ListTrialsRequest;
import dev.ratchet.orchestration.v1.ListTrialsResponse;
import dev.ratchet.orchestration.v1.Objective;
import dev.ratchet.orchestration.v1.OrchestrationServiceGrpc.OrchestrationServiceBlockingStub;
import dev.ratchet.orchestration.v1.ParamSpec;
import dev.ratchet.orchestration.v1.SamplerKind;
import dev.ratchet.orchestration.v1.SamplerSpec;
import dev.ratchet.orchestration.v1.SearchSpace;
import dev.ratchet.orchestration.v1.StudyTrial;
import dev.ratchet.orchestration.v1.TellTrialRequest;
import dev.ratchet.orchestration.v1.TrialState;
import dev.ratchet.orchestrator.search.TpeSampler;
import dev.ratchet.orchestrator.search.Trial;
import dev.ratchet.orchestrator.trial.SearchSpaces;
import dev.ratchet.testing.KafkaBrokerResource;
import io.grpc.Status;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Ask/tell through the service, with the study and its trials in PostgreSQL. */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
class StudyTrialsTest {
    @GrpcClient("orchestration")
    OrchestrationServiceBlockingStub orchestration;

    static SearchSpace branin() {
        return SearchSpace.newBuilder()
                .addParams(ParamSpec.newBuilder()
                        .setName("x0")
                        .setFloatRange(FloatRange.newBuilder().setLow(-5).setHigh(10)))
                .addParams(ParamSpec.newBuilder()
                        .setName("x1")
                        .setFloatRange(FloatRange.newBuilder().setLow(0).setHigh(15)))
                .build();
    }

    static double branin(StudyTrial t) {
        double x1 = t.getParamsOrThrow("x0").getDoubleValue();
        double x2 = t.getParamsOrThrow("x1").getDoubleValue();
        return Math.pow(x2 - 5.1 / (4 * Math.PI * Math.PI) * x1 * x1 + 5 / Math.PI * x1 - 6, 2)
                + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x1)
                + 10;
    }

    String study(SearchSpace space, SamplerSpec sampler, int maxTrials) {
        return orchestration
                .createStudy(CreateStudyRequest.newBuilder()
                        .setName("branin")
                        .setExperimentName("bench")
                        .setMaxTrials(maxTrials)
                        .setSearchSpace(space)
                        .setSampler(sampler)
                        .setObjective(
                                Objective.newBuilder().setMetric("loss").setDirection(Direction.DIRECTION_MINIMIZE))
                        .build())
                .getStudy()
                .getStudyId();
    }

    @Test
    void aTpeStudyAsksAndIsToldThroughTheServiceAndFindsBranin() {
        String studyId = study(
                branin(),
                SamplerSpec.newBuilder()
                        .setKind(SamplerKind.SAMPLER_KIND_TPE)
                        .setSeed(7)
                        .build(),
                60);
        for (int n = 0; n < 60; n++) {
            StudyTrial trial = orchestration
                    .askTrial(AskTrialRequest.newBuilder().setStudyId(studyId).build())
                    .getTrial();
            assertEquals(n, trial.getNumber());
            TellTrialRequest tell = TellTrialRequest.newBuilder()
                    .setStudyId(studyId)
                    .setNumber(n)
                    .setState(TrialState.TRIAL_STATE_COMPLETE)
                    .setValue(branin(trial))
                    .build();
            assertEquals(
                    TrialState.TRIAL_STATE_COMPLETE,
                    orchestration.tellTrial(tell).getTrial().getState());
            assertEquals(
                    tell.getValue(), orchestration.tellTrial(tell).getTrial().getValue(), "a retried tell");
        }
        ListTrialsResponse trials = orchestration.listTrials(
                ListTrialsRequest.newBuilder().setStudyId(studyId).build());
        assertEquals(60, trials.getTrialsCount());
        assertTrue(trials.getBest().getValue() < 0.397887 + 0.5, "best " + trials.getBest());
        GetParamImportancesResponse importances = orchestration.getParamImportances(
                GetParamImportancesRequest.newBuilder().setStudyId(studyId).build());
        assertEquals(60, importances.getCompleteTrials());
        assertEquals(2, importances.getImportancesCount());
        assertEquals(
                1.0,
                importances.getImportances(0).getImportance()
                        + importances.getImportances(1).getImportance(),
                1e-12);
        assertStatus(
                Status.Code.FAILED_PRECONDITION,
                "has used its budget of 60 trials",
                () -> orchestration.askTrial(
                        AskTrialRequest.newBuilder().setStudyId(studyId).build()));
        assertStatus(
                Status.Code.FAILED_PRECONDITION,
                "already finished as COMPLETE",
                () -> orchestration.tellTrial(TellTrialRequest.newBuilder()
                        .setStudyId(studyId)
                        .setNumber(3)
                        .setState(TrialState.TRIAL_STATE_COMPLETE)
                        .setValue(-1)
                        .build()));
    }

    String constrainedStudy(int maxTrials, String... constraints) {
        return orchestration
                .createStudy(CreateStudyRequest.newBuilder()
                        .setName("constrained")
                        .setExperimentName("bench")
                        .setMaxTrials(maxTrials)
                        .setSearchSpace(branin())
                        .setSampler(SamplerSpec.newBuilder()
                                .setKind(SamplerKind.SAMPLER_KIND_TPE)
                                .setSeed(3))
                        .setObjective(
                                Objective.newBuilder().setMetric("loss").setDirection(Direction.DIRECTION_MINIMIZE))
                        .addAllConstraints(List.of(constraints))
                        .build())
                .getStudy()
                .getStudyId();
    }

    StudyTrial tell(String studyId, StudyTrial trial, double value, double... constraints) {
        TellTrialRequest.Builder tell = TellTrialRequest.newBuilder()
                .setStudyId(studyId)
                .setNumber(trial.getNumber())
                .setState(TrialState.TRIAL_STATE_COMPLETE)
                .setValue(value);
        for (double c : constraints) {
            tell.addConstraints(c);
        }
        return orchestration.tellTrial(tell.build()).getTrial();
    }

    /**
     * Branin under the constraint x0 ≤ 0 (two of its three minima ruled out), with one of the
     * excluded minima, (π, 2.275), enqueued first: the told values come back with each trial, the
     * best is the best feasible one — not that lower infeasible one —, and the TPE sampler, told the
     * violations, keeps its suggestions mostly feasible.
     */
    @Test
    void aConstrainedStudysBestIsFeasibleAndTpeLearnsWhereFeasibleTrialsAre() {
        String studyId = constrainedStudy(60, "x0");
        orchestration.enqueueTrial(enqueue(studyId, Math.PI, 2.275));
        assertEquals(
                List.of("x0"),
                orchestration
                        .getStudy(dev.ratchet.orchestration.v1.GetStudyRequest.newBuilder()
                                .setStudyId(studyId)
                                .build())
                        .getStudy()
                        .getConstraintsList());
        double bestFeasible = Double.POSITIVE_INFINITY;
        double bestOverall = Double.POSITIVE_INFINITY;
        int feasibleLate = 0;
        for (int n = 0; n < 60; n++) {
            StudyTrial trial = orchestration
                    .askTrial(AskTrialRequest.newBuilder().setStudyId(studyId).build())
                    .getTrial();
            double x0 = trial.getParamsOrThrow("x0").getDoubleValue();
            StudyTrial told = tell(studyId, trial, branin(trial), x0);
            assertEquals(List.of(x0), told.getConstraintsList());
            assertEquals(x0 > 0, told.getInfeasible());
            assertEquals(told, tell(studyId, trial, branin(trial), x0), "a retried tell");
            bestOverall = Math.min(bestOverall, branin(trial));
            if (x0 <= 0) {
                bestFeasible = Math.min(bestFeasible, branin(trial));
                feasibleLate += n >= 20 ? 1 : 0;
            }
        }
        ListTrialsResponse trials = orchestration.listTrials(
                ListTrialsRequest.newBuilder().setStudyId(studyId).build());
        assertEquals(bestFeasible, trials.getBest().getValue());
        assertTrue(trials.getBest().getParamsOrThrow("x0").getDoubleValue() <= 0);
        assertTrue(bestOverall < bestFeasible, "the enqueued infeasible minimum " + bestOverall + " is lower");
        assertEquals(
                trials.getBest(),
                orchestration
                        .getBestTrial(dev.ratchet.orchestration.v1.GetBestTrialRequest.newBuilder()
                                .setStudyId(studyId)
                                .build())
                        .getTrial());
        assertTrue(feasibleLate >= 35, feasibleLate + " of the last 40 suggestions feasible");
    }

    @Test
    void constraintsThatDoNotMatchTheStudyAreRefusedWithWhatToFix() {
        String studyId = constrainedStudy(10, "latency_ms - 50", "size_mb - 10");
        StudyTrial trial = orchestration
                .askTrial(AskTrialRequest.newBuilder().setStudyId(studyId).build())
                .getTrial();
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "has 2 constraints (latency_ms - 50, size_mb - 10); tell one value" + " for each, in that order, not 1",
                () -> tell(studyId, trial, 1.0, -3));
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "constraints[1] ('size_mb - 10') is NaN",
                () -> tell(studyId, trial, 1.0, -3, Double.NaN));
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "a failed one has none",
                () -> orchestration.tellTrial(TellTrialRequest.newBuilder()
                        .setStudyId(studyId)
                        .setNumber(trial.getNumber())
                        .setState(TrialState.TRIAL_STATE_FAILED)
                        .addConstraints(1)
                        .build()));
        tell(studyId, trial, 1.0, 5, -1);
        assertStatus(
                Status.Code.NOT_FOUND,
                "no feasible complete trial yet: every complete trial violates a constraint",
                () -> orchestration.getBestTrial(dev.ratchet.orchestration.v1.GetBestTrialRequest.newBuilder()
                        .setStudyId(studyId)
                        .build()));
        String unconstrained = study(branin(), SamplerSpec.getDefaultInstance(), 10);
        StudyTrial other = orchestration
                .askTrial(AskTrialRequest.newBuilder().setStudyId(unconstrained).build())
                .getTrial();
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "has 0 constraints; tell one value for each, in that order, not 1",
                () -> tell(unconstrained, other, 1.0, 0));
        assertStatus(Status.Code.INVALID_ARGUMENT, "constraints names 'a' twice", () -> constrainedStudy(10, "a", "a"));
    }

    /**
     * A study warm-started from an earlier one reads that study's complete trials as its history:
     * with 20 of them TPE skips its random startup, so the new study's first trial is the sampler's
     * suggestion from them (numbered −n … −1) — leaving out those whose x0 the narrower new space
     * does not take.
     */
    @Test
    void aWarmStartedStudysFirstTrialIsTpesSuggestionFromTheEarlierStudysTrials() {
        String earlier = study(
                branin(),
                SamplerSpec.newBuilder()
                        .setKind(SamplerKind.SAMPLER_KIND_RANDOM)
                        .setSeed(2)
                        .build(),
                20);
        for (int n = 0; n < 20; n++) {
            StudyTrial trial = orchestration
                    .askTrial(AskTrialRequest.newBuilder().setStudyId(earlier).build())
                    .getTrial();
            tell(earlier, trial, branin(trial));
        }
        SearchSpace narrower = branin().toBuilder()
                .setParams(
                        0,
                        ParamSpec.newBuilder()
                                .setName("x0")
                                .setFloatRange(FloatRange.newBuilder().setLow(0).setHigh(10)))
                .build();
        String warm = orchestration
                .createStudy(CreateStudyRequest.newBuilder()
                        .setName("warm")
                        .setExperimentName("bench")
                        .setMaxTrials(5)
                        .setSearchSpace(narrower)
                        .addFromStudies(earlier)
                        .setSampler(SamplerSpec.newBuilder()
                                .setKind(SamplerKind.SAMPLER_KIND_TPE)
                                .setSeed(5))
                        .setObjective(
                                Objective.newBuilder().setMetric("loss").setDirection(Direction.DIRECTION_MINIMIZE))
                        .build())
                .getStudy()
                .getStudyId();
        List<Trial> history = new ArrayList<>();
        for (StudyTrial t : orchestration
                .listTrials(ListTrialsRequest.newBuilder().setStudyId(earlier).build())
                .getTrialsList()) {
            if (t.getParamsOrThrow("x0").getDoubleValue() >= 0) {
                history.add(new Trial(0, doubles(t.getParamsMap()), t.getValue()));
            }
        }
        assertTrue(history.size() >= 10 && history.size() < 20, history.size() + " of the earlier trials in range");
        List<Trial> numbered = IntStream.range(0, history.size())
                .mapToObj(i -> new Trial(
                        i - history.size(),
                        history.get(i).params(),
                        history.get(i).loss()))
                .toList();
        StudyTrial first = orchestration
                .askTrial(AskTrialRequest.newBuilder().setStudyId(warm).build())
                .getTrial();
        assertEquals(
                new TpeSampler(5, false).suggest(SearchSpaces.of(narrower), numbered, 0),
                doubles(first.getParamsMap()));
        assertEquals(
                List.of(earlier),
                orchestration
                        .getStudy(dev.ratchet.orchestration.v1.GetStudyRequest.newBuilder()
                                .setStudyId(warm)
                                .build())
                        .getStudy()
                        .getFromStudiesList());
        assertEquals(
                1,
                orchestration
                        .listTrials(
                                ListTrialsRequest.newBuilder().setStudyId(warm).build())
                        .getTrialsCount(),
                "the earlier trials are history, not this study's trials");
    }

    private static Map<String, Object> doubles(Map<String, ParamValue> params) {
        Map<String, Object> values = new HashMap<>();
        params.forEach((name, value) -> values.put(name, value.getDoubleValue()));
        return values;
    }

    @Test
    void aWarmStartThatCannotReadTheEarlierStudyIsRefusedWithWhatToFix() {
        String earlier = study(branin(), SamplerSpec.getDefaultInstance(), 5);
        CreateStudyRequest.Builder request = CreateStudyRequest.newBuilder()
                .setName("warm")
                .setExperimentName("bench")
                .setMaxTrials(5)
                .setSearchSpace(branin())
                .addFromStudies(earlier)
                .setSampler(SamplerSpec.newBuilder().setKind(SamplerKind.SAMPLER_KIND_TPE))
                .setObjective(Objective.newBuilder().setMetric("loss").setDirection(Direction.DIRECTION_MINIMIZE));
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "SAMPLER_KIND_CMA_ES does not learn from earlier trials",
                () -> orchestration.createStudy(request.clone()
                        .setSampler(SamplerSpec.newBuilder().setKind(SamplerKind.SAMPLER_KIND_CMA_ES))
                        .build()));
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "has no parameter 'depth'; a warm start takes studies whose spaces"
                        + " have every parameter of this one",
                () -> orchestration.createStudy(request.clone()
                        .setSearchSpace(branin().toBuilder()
                                .addParams(ParamSpec.newBuilder()
                                        .setName("depth")
                                        .setIntRange(IntRange.newBuilder()
                                                .setLow(1)
                                                .setHigh(5)
                                                .setStep(1))))
                        .build()));
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "minimizes its objective; a warm start takes studies that optimise" + " in the same direction",
                () -> orchestration.createStudy(request.clone()
                        .setObjective(
                                Objective.newBuilder().setMetric("loss").setDirection(Direction.DIRECTION_MAXIMIZE))
                        .build()));
        assertStatus(
                Status.Code.NOT_FOUND,
                "from_studies[1]: no study with id",
                () -> orchestration.createStudy(request.clone()
                        .addFromStudies(java.util.UUID.randomUUID().toString())
                        .build()));
    }

    /** Enqueued configurations are the next trials, oldest first; then the sampler goes on from all told trials. */
    @Test
    void enqueuedConfigurationsAreAskedFirstThenTheSamplerGoesOn() {
        String studyId = study(
                branin(),
                SamplerSpec.newBuilder()
                        .setKind(SamplerKind.SAMPLER_KIND_TPE)
                        .setSeed(7)
                        .build(),
                10);
        assertEquals(1, orchestration.enqueueTrial(enqueue(studyId, 1.5, 2.5)).getWaiting());
        assertEquals(2, orchestration.enqueueTrial(enqueue(studyId, 3.0, 4.0)).getWaiting());
        List<Trial> completed = new ArrayList<>();
        for (double[] expected : new double[][] {{1.5, 2.5}, {3.0, 4.0}}) {
            StudyTrial trial = orchestration
                    .askTrial(AskTrialRequest.newBuilder().setStudyId(studyId).build())
                    .getTrial();
            assertEquals(expected[0], trial.getParamsOrThrow("x0").getDoubleValue());
            assertEquals(expected[1], trial.getParamsOrThrow("x1").getDoubleValue());
            orchestration.tellTrial(TellTrialRequest.newBuilder()
                    .setStudyId(studyId)
                    .setNumber(trial.getNumber())
                    .setState(TrialState.TRIAL_STATE_COMPLETE)
                    .setValue(branin(trial))
                    .build());
            completed.add(new Trial(trial.getNumber(), Map.of("x0", expected[0], "x1", expected[1]), branin(trial)));
        }
        StudyTrial third = orchestration
                .askTrial(AskTrialRequest.newBuilder().setStudyId(studyId).build())
                .getTrial();
        Map<String, Object> params = new HashMap<>();
        third.getParamsMap().forEach((name, value) -> params.put(name, value.getDoubleValue()));
        assertEquals(
                new TpeSampler(7, false).suggest(SearchSpaces.of(branin()), completed, 2),
                params,
                "the sampler's own suggestion, from the enqueued trials' results");
    }

    @Test
    void anEnqueuedConfigurationOutsideTheSpaceIsRefusedWithWhatToFix() {
        String studyId = study(branin(), SamplerSpec.getDefaultInstance(), 10);
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "'x0' is 20.0; it takes a number from -5.0 to 10.0",
                () -> orchestration.enqueueTrial(enqueue(studyId, 20, 1)));
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "'x1' is missing",
                () -> orchestration.enqueueTrial(EnqueueTrialRequest.newBuilder()
                        .setStudyId(studyId)
                        .putParams("x0", number(1))
                        .build()));
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "'lr' is not a parameter of the search space",
                () -> orchestration.enqueueTrial(enqueue(studyId, 1, 1).toBuilder()
                        .putParams("lr", number(0.1))
                        .build()));
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "'x1' is text; it takes a number",
                () -> orchestration.enqueueTrial(enqueue(studyId, 1, 1).toBuilder()
                        .putParams(
                                "x1",
                                ParamValue.newBuilder().setStringValue("text").build())
                        .build()));
        assertStatus(
                Status.Code.NOT_FOUND,
                "no study with id",
                () -> orchestration.enqueueTrial(
                        enqueue(java.util.UUID.randomUUID().toString(), 1, 1)));
        orchestration.cancelStudy(
                CancelStudyRequest.newBuilder().setStudyId(studyId).build());
        assertStatus(
                Status.Code.FAILED_PRECONDITION, "has ended", () -> orchestration.enqueueTrial(enqueue(studyId, 1, 1)));
    }

    private static EnqueueTrialRequest enqueue(String studyId, double x0, double x1) {
        return EnqueueTrialRequest.newBuilder()
                .setStudyId(studyId)
                .putParams("x0", number(x0))
                .putParams("x1", number(x1))
                .build();
    }

    private static ParamValue number(double value) {
        return ParamValue.newBuilder().setDoubleValue(value).build();
    }

    /** Ask/tell trials publish the trial events a job's trials do, once each, so live pages follow them. */
    @Test
    void askingAndTellingPublishTrialEventsOnceEach() {
        String studyId = study(
                branin(),
                SamplerSpec.newBuilder()
                        .setKind(SamplerKind.SAMPLER_KIND_RANDOM)
                        .setSeed(3)
                        .build(),
                10);
        StudyTrial first = orchestration
                .askTrial(AskTrialRequest.newBuilder().setStudyId(studyId).build())
                .getTrial();
        StudyTrial second = orchestration
                .askTrial(AskTrialRequest.newBuilder().setStudyId(studyId).build())
                .getTrial();
        TellTrialRequest complete = TellTrialRequest.newBuilder()
                .setStudyId(studyId)
                .setNumber(first.getNumber())
                .setState(TrialState.TRIAL_STATE_COMPLETE)
                .setValue(branin(first))
                .build();
        orchestration.tellTrial(complete);
        orchestration.tellTrial(complete); // a retried tell publishes nothing more
        orchestration.tellTrial(TellTrialRequest.newBuilder()
                .setStudyId(studyId)
                .setNumber(second.getNumber())
                .setState(TrialState.TRIAL_STATE_FAILED)
                .build());

        await().atMost(Duration.ofSeconds(20))
                .until(() -> StudyExecutionTest.studyEvents(studyId, TrialFailed.class)
                                .size()
                        == 1);
        List<TrialStarted> started = StudyExecutionTest.studyEvents(studyId, TrialStarted.class);
        assertEquals(
                List.of(0, 1), started.stream().map(TrialStarted::getNumber).toList());
        assertEquals(
                Map.of(
                        "x0",
                        String.valueOf(first.getParamsOrThrow("x0").getDoubleValue()),
                        "x1",
                        String.valueOf(first.getParamsOrThrow("x1").getDoubleValue())),
                started.get(0).getParamsMap());
        List<TrialCompleted> completed = StudyExecutionTest.studyEvents(studyId, TrialCompleted.class);
        assertEquals(1, completed.size());
        assertEquals(branin(first), completed.get(0).getValue());
        assertEquals(
                second.getNumber(),
                StudyExecutionTest.studyEvents(studyId, TrialFailed.class)
                        .get(0)
                        .getNumber());
    }

    /**
     * The service keeps each study's completed trials and sampler between asks, reading only the
     * trials completed since; every suggestion still equals a fresh sampler's over all of them — with
     * three trials running at once and told in any order, failures, and a maximised objective.
     */
    @Test
    void aTpeStudyKeepsItsHistoryBetweenAsksAndSuggestsWhatAFreshSamplerWould() {
        String studyId = orchestration
                .createStudy(CreateStudyRequest.newBuilder()
                        .setName("branin-max")
                        .setExperimentName("bench")
                        .setMaxTrials(45)
                        .setSearchSpace(branin())
                        .setSampler(SamplerSpec.newBuilder()
                                .setKind(SamplerKind.SAMPLER_KIND_TPE)
                                .setSeed(7))
                        .setObjective(
                                Objective.newBuilder().setMetric("score").setDirection(Direction.DIRECTION_MAXIMIZE))
                        .build())
                .getStudy()
                .getStudyId();
        var space = SearchSpaces.of(branin());
        List<Trial> completed = new ArrayList<>();
        List<StudyTrial> running = new ArrayList<>();
        Random order = new Random(5);
        for (int n = 0; n < 45; n++) {
            StudyTrial trial = orchestration
                    .askTrial(AskTrialRequest.newBuilder().setStudyId(studyId).build())
                    .getTrial();
            Map<String, Object> params = new HashMap<>();
            trial.getParamsMap().forEach((name, value) -> params.put(name, value.getDoubleValue()));
            assertEquals(new TpeSampler(7, false).suggest(space, completed, n), params, "trial " + n);
            running.add(trial);
            while (running.size() == 3 || n == 44 && !running.isEmpty()) {
                StudyTrial done = running.remove(order.nextInt(running.size()));
                boolean failed = done.getNumber() % 7 == 3;
                orchestration.tellTrial(TellTrialRequest.newBuilder()
                        .setStudyId(studyId)
                        .setNumber(done.getNumber())
                        .setState(failed ? TrialState.TRIAL_STATE_FAILED : TrialState.TRIAL_STATE_COMPLETE)
                        .setValue(-branin(done))
                        .build());
                if (!failed) {
                    Map<String, Object> told = new HashMap<>();
                    done.getParamsMap().forEach((name, value) -> told.put(name, value.getDoubleValue()));
                    completed.add(new Trial(done.getNumber(), told, branin(done)));
                }
            }
        }
    }

    @Test
    void theSameSeedAndHistoryGiveTheSameTrialsInAnotherStudy() {
        SamplerSpec sampler = SamplerSpec.newBuilder()
                .setKind(SamplerKind.SAMPLER_KIND_CMA_ES)
                .setSeed(3)
                .build();
        String first = study(branin(), sampler, 20);
        String second = study(branin(), sampler, 20);
        for (int n = 0; n < 12; n++) {
            StudyTrial a = orchestration
                    .askTrial(AskTrialRequest.newBuilder().setStudyId(first).build())
                    .getTrial();
            StudyTrial b = orchestration
                    .askTrial(AskTrialRequest.newBuilder().setStudyId(second).build())
                    .getTrial();
            assertEquals(a.getParamsMap(), b.getParamsMap(), "trial " + n);
            for (String id : List.of(first, second)) {
                orchestration.tellTrial(TellTrialRequest.newBuilder()
                        .setStudyId(id)
                        .setNumber(n)
                        .setState(TrialState.TRIAL_STATE_COMPLETE)
                        .setValue(branin(a))
                        .build());
            }
        }
    }

    @Test
    void aGridStudyStopsWhenItsGridIsDoneAndFailedTrialsAreKept() {
        SearchSpace space = SearchSpace.newBuilder()
                .addParams(ParamSpec.newBuilder()
                        .setName("kind")
                        .setCategorical(
                                Categorical.newBuilder().addChoices("linear").addChoices("rbf")))
                .addParams(ParamSpec.newBuilder()
                        .setName("depth")
                        .setIntRange(IntRange.newBuilder().setLow(2).setHigh(4)))
                .build();
        String studyId = study(
                space,
                SamplerSpec.newBuilder().setKind(SamplerKind.SAMPLER_KIND_GRID).build(),
                100);
        for (int n = 0; n < 6; n++) {
            orchestration.askTrial(
                    AskTrialRequest.newBuilder().setStudyId(studyId).build());
            orchestration.tellTrial(TellTrialRequest.newBuilder()
                    .setStudyId(studyId)
                    .setNumber(n)
                    .setState(TrialState.TRIAL_STATE_FAILED)
                    .build());
        }
        assertStatus(
                Status.Code.FAILED_PRECONDITION,
                "has tried all 6 combinations of its grid",
                () -> orchestration.askTrial(
                        AskTrialRequest.newBuilder().setStudyId(studyId).build()));
        ListTrialsResponse trials = orchestration.listTrials(
                ListTrialsRequest.newBuilder().setStudyId(studyId).build());
        assertEquals(
                6,
                trials.getTrialsList().stream()
                        .map(StudyTrial::getParamsMap)
                        .distinct()
                        .count());
        assertTrue(!trials.hasBest(), "no complete trial, no best");
    }

    @Test
    void badSearchSpacesAndTellsAreRejectedWithWhatToFix() {
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "search_space: the search space is empty",
                () -> study(SearchSpace.newBuilder().build(), SamplerSpec.getDefaultInstance(), 10));
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "search_space: lr: needs low < high and low > 0 for log",
                () -> study(
                        SearchSpace.newBuilder()
                                .addParams(ParamSpec.newBuilder()
                                        .setName("lr")
                                        .setFloatRange(FloatRange.newBuilder()
                                                .setLow(0)
                                                .setHigh(1)
                                                .setLog(true)))
                                .build(),
                        SamplerSpec.getDefaultInstance(),
                        10));
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "depends on 'kernel', which must be declared before it",
                () -> study(
                        SearchSpace.newBuilder()
                                .addParams(ParamSpec.newBuilder()
                                        .setName("gamma")
                                        .setParent("kernel")
                                        .addParentValues("rbf")
                                        .setFloatRange(FloatRange.newBuilder()
                                                .setLow(1)
                                                .setHigh(2)))
                                .build(),
                        SamplerSpec.getDefaultInstance(),
                        10));
        String studyId = study(branin(), SamplerSpec.getDefaultInstance(), 10);
        orchestration.askTrial(AskTrialRequest.newBuilder().setStudyId(studyId).build());
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "a complete trial needs a finite value",
                () -> orchestration.tellTrial(TellTrialRequest.newBuilder()
                        .setStudyId(studyId)
                        .setNumber(0)
                        .setState(TrialState.TRIAL_STATE_COMPLETE)
                        .setValue(Double.NaN)
                        .build()));
        assertStatus(
                Status.Code.NOT_FOUND,
                "has no trial 5; ask for it first",
                () -> orchestration.tellTrial(TellTrialRequest.newBuilder()
                        .setStudyId(studyId)
                        .setNumber(5)
                        .setState(TrialState.TRIAL_STATE_FAILED)
                        .build()));
        String noSpace = orchestration
                .createStudy(CreateStudyRequest.newBuilder()
                        .setName("plain")
                        .setExperimentName("e")
                        .setMaxTrials(5)
                        .setObjective(
                                Objective.newBuilder().setMetric("loss").setDirection(Direction.DIRECTION_MINIMIZE))
                        .build())
                .getStudy()
                .getStudyId();
        assertStatus(
                Status.Code.FAILED_PRECONDITION,
                "has no search space",
                () -> orchestration.askTrial(
                        AskTrialRequest.newBuilder().setStudyId(noSpace).build()));
    }
}
