package dev.ratchet.bench;

import dev.ratchet.orchestration.v1.AskTrialRequest;
import dev.ratchet.orchestration.v1.CreateStudyRequest;
import dev.ratchet.orchestration.v1.Direction;
import dev.ratchet.orchestration.v1.FloatRange;
import dev.ratchet.orchestration.v1.Objective;
import dev.ratchet.orchestration.v1.OrchestrationServiceGrpc;
import dev.ratchet.orchestration.v1.ParamSpec;
import dev.ratchet.orchestration.v1.SamplerKind;
import dev.ratchet.orchestration.v1.SamplerSpec;
import dev.ratchet.orchestration.v1.SearchSpace;
import dev.ratchet.orchestration.v1.StudyTrial;
import dev.ratchet.orchestration.v1.TellTrialRequest;
import dev.ratchet.orchestration.v1.TrialState;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Ask → tell round trips through a running orchestrator (gRPC on loopback, PostgreSQL behind it) on
 * a Hartmann-6 study, with the median round trip around 100, 1,000 and 5,000 trials.
 */
@Command(
        name = "round-trip",
        mixinStandardHelpOptions = true,
        description = "Ask/tell round trips through a running orchestrator (bin/ratchet local up).")
class StudyRoundTrip implements Callable<Integer> {
    @Option(names = "--target", description = "the orchestrator's gRPC address (default: ${DEFAULT-VALUE})")
    String target = "127.0.0.1:9102";

    @Option(names = "--trials", description = "trials per study (default: ${DEFAULT-VALUE})")
    int trials = 5000;

    @Override
    public Integer call() {
        ManagedChannel channel =
                ManagedChannelBuilder.forTarget(target).usePlaintext().build();
        try {
            var api = OrchestrationServiceGrpc.newBlockingStub(channel);
            TestFunction hartmann = TestFunction.hartmann6();
            System.out.println("| sampler | ~100 trials | ~1,000 trials | ~" + String.format(Locale.ROOT, "%,d", trials)
                    + " trials | target (issue) |");
            System.out.println("|---|---|---|---|---|");
            for (SamplerKind kind : new SamplerKind[] {
                SamplerKind.SAMPLER_KIND_RANDOM, SamplerKind.SAMPLER_KIND_TPE, SamplerKind.SAMPLER_KIND_TPE_MULTIVARIATE
            }) {
                SearchSpace.Builder space = SearchSpace.newBuilder();
                for (int i = 0; i < 6; i++) {
                    space.addParams(ParamSpec.newBuilder()
                            .setName("x" + i)
                            .setFloatRange(FloatRange.newBuilder().setLow(0).setHigh(1)));
                }
                String studyId = api.createStudy(CreateStudyRequest.newBuilder()
                                .setName("round-trip")
                                .setExperimentName("bench")
                                .setMaxTrials(trials)
                                .setSearchSpace(space)
                                .setSampler(
                                        SamplerSpec.newBuilder().setKind(kind).setSeed(1))
                                .setObjective(Objective.newBuilder()
                                        .setMetric("loss")
                                        .setDirection(Direction.DIRECTION_MINIMIZE))
                                .build())
                        .getStudy()
                        .getStudyId();
                double[] millis = new double[trials];
                for (int n = 0; n < trials; n++) {
                    long start = System.nanoTime();
                    StudyTrial trial = api.askTrial(AskTrialRequest.newBuilder()
                                    .setStudyId(studyId)
                                    .build())
                            .getTrial();
                    Map<String, Object> params = new HashMap<>();
                    trial.getParamsMap().forEach((k, v) -> params.put(k, v.getDoubleValue()));
                    api.tellTrial(TellTrialRequest.newBuilder()
                            .setStudyId(studyId)
                            .setNumber(trial.getNumber())
                            .setState(TrialState.TRIAL_STATE_COMPLETE)
                            .setValue(hartmann.f().applyAsDouble(params))
                            .build());
                    millis[n] = (System.nanoTime() - start) / 1e6;
                }
                System.out.printf(
                        Locale.ROOT,
                        "| %s | %s | %s | %s | < 5 ms at 5,000, flat |%n",
                        kind.name().substring("SAMPLER_KIND_".length()).toLowerCase(Locale.ROOT),
                        median(millis, 50, 150),
                        median(millis, 950, 1050),
                        median(millis, trials - 100, trials));
            }
        } finally {
            channel.shutdownNow();
        }
        return 0;
    }

    private static String median(double[] millis, int from, int to) {
        double[] window = Arrays.copyOfRange(millis, Math.max(0, from), Math.min(millis.length, to));
        Arrays.sort(window);
        return String.format(Locale.ROOT, "%.2f ms", window[window.length / 2]);
    }
}
