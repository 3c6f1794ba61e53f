package dev.ratchet.common.grpc;

import com.google.protobuf.Message;
import dev.ratchet.contract.messages.MessageRules;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Every gRPC request of every service passes here before its handler: one that did not parse
 * ({@link LenientParsing}) or breaks a {@link MessageRules} rule is answered INVALID_ARGUMENT with
 * what to fix, and the handler never sees it.
 */
@GlobalInterceptor
@ApplicationScoped
public class RequestGuard implements ServerInterceptor {

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        ServerCall.Listener<Q> delegate = next.startCall(call, headers);
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(delegate) {
            private boolean refused;

            @Override
            public void onMessage(Q request) {
                if (refused) {
                    return;
                }
                Optional<String> problem = LenientParsing.failure(request)
                        .map(reason -> "the request is not a valid "
                                + call.getMethodDescriptor().getFullMethodName() + " message (" + reason
                                + "); text fields must be UTF-8")
                        .or(() ->
                                request instanceof Message message ? MessageRules.problem(message) : Optional.empty());
                if (problem.isPresent()) {
                    refused = true;
                    call.close(
                            Status.INVALID_ARGUMENT.withDescription(GrpcCalls.shorten(problem.get())), new Metadata());
                    return;
                }
                super.onMessage(request);
            }

            @Override
            public void onHalfClose() {
                if (!refused) {
                    super.onHalfClose();
                }
            }

            @Override
            public void onReady() {
                if (!refused) {
                    super.onReady();
                }
            }
        };
    }
}
