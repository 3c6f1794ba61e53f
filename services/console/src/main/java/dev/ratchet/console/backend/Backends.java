package dev.ratchet.console.backend;

import dev.ratchet.console.ConsoleConfig;
import dev.ratchet.evaluation.v1.EvaluationServiceGrpc.EvaluationServiceBlockingStub;
import dev.ratchet.orchestration.v1.OrchestrationServiceGrpc.OrchestrationServiceBlockingStub;
import dev.ratchet.tracking.v1.TrackingServiceGrpc.TrackingServiceBlockingStub;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.AbstractStub;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The three services the console reads. Each call is bounded by {@code ratchet.console.call-timeout}
 * and a failure names the service it came from, so a page can say which one to look at.
 */
@ApplicationScoped
public class Backends {
    @GrpcClient("tracking")
    TrackingServiceBlockingStub tracking;

    @GrpcClient("orchestration")
    OrchestrationServiceBlockingStub orchestration;

    @GrpcClient("evaluation")
    EvaluationServiceBlockingStub evaluation;

    @Inject
    ConsoleConfig config;

    public <R> R tracking(Function<TrackingServiceBlockingStub, R> call) {
        return call("tracking", tracking, call);
    }

    public <R> R orchestration(Function<OrchestrationServiceBlockingStub, R> call) {
        return call("orchestrator", orchestration, call);
    }

    public <R> R evaluation(Function<EvaluationServiceBlockingStub, R> call) {
        return call("evaluation", evaluation, call);
    }

    /** A server-streaming call to tracking whose parts, as they are read, fail as calls do. */
    public <T> Iterator<T> trackingStream(Function<TrackingServiceBlockingStub, Iterator<T>> call) {
        Iterator<T> parts = tracking(call);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                try {
                    return parts.hasNext();
                } catch (StatusRuntimeException e) {
                    throw new BackendException("tracking", e);
                }
            }

            @Override
            public T next() {
                try {
                    return parts.next();
                } catch (StatusRuntimeException e) {
                    throw new BackendException("tracking", e);
                }
            }
        };
    }

    private <S extends AbstractStub<S>, R> R call(String service, S stub, Function<S, R> call) {
        try {
            return call.apply(stub.withDeadlineAfter(config.callTimeout().toMillis(), TimeUnit.MILLISECONDS));
        } catch (StatusRuntimeException e) {
            throw new BackendException(service, e);
        }
    }
}
