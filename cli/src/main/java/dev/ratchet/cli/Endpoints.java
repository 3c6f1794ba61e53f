package dev.ratchet.cli;

import dev.ratchet.evaluation.v1.EvaluationServiceGrpc;
import dev.ratchet.evaluation.v1.EvaluationServiceGrpc.EvaluationServiceBlockingStub;
import dev.ratchet.orchestration.v1.OrchestrationServiceGrpc;
import dev.ratchet.orchestration.v1.OrchestrationServiceGrpc.OrchestrationServiceBlockingStub;
import dev.ratchet.tracking.v1.TrackingServiceGrpc;
import dev.ratchet.tracking.v1.TrackingServiceGrpc.TrackingServiceBlockingStub;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import picocli.CommandLine.Option;

/** Where the services are; defaults are the local suite's loopback ports. */
public class Endpoints {
    @Option(
            names = "--tracking",
            defaultValue = "${env:RATCHET_TRACKING:-127.0.0.1:9101}",
            description = "tracking gRPC address (env RATCHET_TRACKING; default ${DEFAULT-VALUE})")
    public String tracking;

    @Option(
            names = "--orchestrator",
            defaultValue = "${env:RATCHET_ORCHESTRATOR:-127.0.0.1:9102}",
            description = "orchestrator gRPC address (env RATCHET_ORCHESTRATOR; default ${DEFAULT-VALUE})")
    public String orchestrator;

    @Option(
            names = "--evaluation",
            defaultValue = "${env:RATCHET_EVALUATION:-127.0.0.1:9103}",
            description = "evaluation gRPC address (env RATCHET_EVALUATION; default ${DEFAULT-VALUE})")
    public String evaluation;

    @Option(
            names = "--evaluation-http",
            defaultValue = "${env:RATCHET_EVALUATION_HTTP:-127.0.0.1:8103}",
            description =
                    "evaluation HTTP address, for report pages (env RATCHET_EVALUATION_HTTP; default ${DEFAULT-VALUE})")
    public String evaluationHttp;

    @Option(
            names = "--console",
            defaultValue = "${env:RATCHET_CONSOLE:-127.0.0.1:8100}",
            description = "the console's HTTP address, for page links (env RATCHET_CONSOLE; default ${DEFAULT-VALUE})")
    public String console;

    @Option(
            names = "--kafka",
            defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}",
            description = "Kafka bootstrap servers (env KAFKA_BOOTSTRAP_SERVERS; default ${DEFAULT-VALUE})")
    public String kafka;

    /** One call (or a few) to tracking over a channel opened for it and closed after. */
    public <T> T tracking(Function<TrackingServiceBlockingStub, T> call) {
        return call(tracking, TrackingServiceGrpc::newBlockingStub, call);
    }

    /** One call (or a few) to the orchestrator over a channel opened for it and closed after. */
    public <T> T orchestrator(Function<OrchestrationServiceBlockingStub, T> call) {
        return call(orchestrator, OrchestrationServiceGrpc::newBlockingStub, call);
    }

    /** One call (or a few) to evaluation over a channel opened for it and closed after. */
    public <T> T evaluation(Function<EvaluationServiceBlockingStub, T> call) {
        return call(evaluation, EvaluationServiceGrpc::newBlockingStub, call);
    }

    private static <S, T> T call(String address, Function<ManagedChannel, S> stub, Function<S, T> call) {
        ManagedChannel channel = channel(address);
        try {
            return call.apply(stub.apply(channel));
        } finally {
            close(channel);
        }
    }

    /** A plaintext channel to host:port; close it after use. */
    public static ManagedChannel channel(String address) {
        return ManagedChannelBuilder.forTarget(address).usePlaintext().build();
    }

    public static void close(ManagedChannel channel) {
        try {
            channel.shutdown().awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
