package dev.ratchet.console.health;

import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse;
import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when tracking answers its gRPC health check (without it no page has anything to show); the
 * orchestrator's and evaluation's answers are reported beside it — their pages say when they are down.
 */
@Readiness
@ApplicationScoped
public class BackendsHealth implements HealthCheck {
    @GrpcClient("tracking")
    Channel tracking;

    @GrpcClient("orchestration")
    Channel orchestration;

    @GrpcClient("evaluation")
    Channel evaluation;

    @Override
    public org.eclipse.microprofile.health.HealthCheckResponse call() {
        String trackingState = state(tracking);
        HealthCheckResponseBuilder response = org.eclipse.microprofile.health.HealthCheckResponse.named("backends")
                .withData("tracking", trackingState)
                .withData("orchestrator", state(orchestration))
                .withData("evaluation", state(evaluation));
        return response.status(trackingState.equals("SERVING")).build();
    }

    private static String state(Channel channel) {
        try {
            HealthCheckResponse answer = HealthGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(2, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance());
            return answer.getStatus().name();
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode().name();
        }
    }
}
