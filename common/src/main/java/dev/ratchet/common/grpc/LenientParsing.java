package dev.ratchet.common.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import com.google.protobuf.UnknownFieldSet;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import java.io.InputStream;
import java.util.Optional;

/**
 * A request that does not parse (a string that is not UTF-8, bytes that are no message) made
 * gRPC answer UNKNOWN "Application error processing RPC": the parse fails inside grpc-java,
 * before any handler can map it. Here a service's request marshallers parse as before, but a
 * failure becomes an empty request carrying the reason in a marker field, which {@link RequestGuard}
 * answers with INVALID_ARGUMENT.
 */
public final class LenientParsing {
    /** The highest field number protobuf allows: no Ratchet message uses it. */
    static final int MARKER = 536_870_911;

    private LenientParsing() {}

    /** The service with every request marshaller made lenient; a service's {@code bindService()} returns this. */
    public static ServerServiceDefinition of(ServerServiceDefinition definition) {
        ServiceDescriptor old = definition.getServiceDescriptor();
        ServiceDescriptor.Builder descriptor =
                ServiceDescriptor.newBuilder(old.getName()).setSchemaDescriptor(old.getSchemaDescriptor());
        java.util.List<ServerMethodDefinition<?, ?>> methods = new java.util.ArrayList<>();
        for (ServerMethodDefinition<?, ?> method : definition.getMethods()) {
            ServerMethodDefinition<?, ?> lenient = lenient(method);
            descriptor.addMethod(lenient.getMethodDescriptor());
            methods.add(lenient);
        }
        ServerServiceDefinition.Builder service = ServerServiceDefinition.builder(descriptor.build());
        methods.forEach(service::addMethod);
        return service.build();
    }

    /** The reason a request did not parse, when it is a marked empty request. */
    static Optional<String> failure(Object request) {
        if (request instanceof Message message && message.getUnknownFields().hasField(MARKER)) {
            return Optional.of(message.getUnknownFields()
                    .getField(MARKER)
                    .getLengthDelimitedList()
                    .get(0)
                    .toStringUtf8());
        }
        return Optional.empty();
    }

    @SuppressWarnings("unchecked")
    private static <Q, R> ServerMethodDefinition<Q, R> lenient(ServerMethodDefinition<Q, R> method) {
        MethodDescriptor<Q, R> descriptor = method.getMethodDescriptor();
        if (!(descriptor.getRequestMarshaller() instanceof MethodDescriptor.PrototypeMarshaller<Q> prototyped)
                || !(prototyped.getMessagePrototype() instanceof Message prototype)) {
            return method;
        }
        MethodDescriptor.PrototypeMarshaller<Q> marshaller = new MethodDescriptor.PrototypeMarshaller<>() {
            @Override
            public Q getMessagePrototype() {
                return prototyped.getMessagePrototype();
            }

            @Override
            public Class<Q> getMessageClass() {
                return prototyped.getMessageClass();
            }

            @Override
            public InputStream stream(Q value) {
                return prototyped.stream(value);
            }

            @Override
            public Q parse(InputStream stream) {
                try {
                    return prototyped.parse(stream);
                } catch (RuntimeException e) {
                    Throwable cause = e.getCause() == null ? e : e.getCause();
                    return (Q) prototype.toBuilder()
                            .setUnknownFields(UnknownFieldSet.newBuilder()
                                    .addField(
                                            MARKER,
                                            UnknownFieldSet.Field.newBuilder()
                                                    .addLengthDelimited(
                                                            ByteString.copyFromUtf8(String.valueOf(cause.getMessage())))
                                                    .build())
                                    .build())
                            .build();
                }
            }
        };
        return ServerMethodDefinition.create(
                descriptor.toBuilder(marshaller, descriptor.getResponseMarshaller())
                        .build(),
                method.getServerCallHandler());
    }
}
