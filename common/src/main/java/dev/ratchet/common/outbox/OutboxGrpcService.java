package dev.ratchet.common.outbox;

import dev.ratchet.common.grpc.ApiException;
import dev.ratchet.common.grpc.GrpcCalls;
import dev.ratchet.common.grpc.LenientParsing;
import dev.ratchet.contract.events.Times;
import dev.ratchet.operations.v1.DropParkedEventsRequest;
import dev.ratchet.operations.v1.DropParkedEventsResponse;
import dev.ratchet.operations.v1.ListParkedEventsRequest;
import dev.ratchet.operations.v1.ListParkedEventsResponse;
import dev.ratchet.operations.v1.OutboxServiceGrpc;
import dev.ratchet.operations.v1.ParkedEvent;
import dev.ratchet.operations.v1.RetryParkedEventsRequest;
import dev.ratchet.operations.v1.RetryParkedEventsResponse;
import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import java.util.List;

/** The gRPC face of {@link ParkedEvents}, on every service's port. */
@GrpcService
@Blocking
public class OutboxGrpcService implements OutboxServiceGrpc.AsyncService, BindableService {

    /** Requests that do not parse are answered INVALID_ARGUMENT (see {@link LenientParsing}). */
    @Override
    public ServerServiceDefinition bindService() {
        return LenientParsing.of(OutboxServiceGrpc.bindService(this));
    }

    @Inject
    ParkedEvents parked;

    @Override
    public void listParkedEvents(ListParkedEventsRequest request, StreamObserver<ListParkedEventsResponse> observer) {
        GrpcCalls.unary(observer, () -> {
            ParkedEvents.Listing listing = parked.list(request.getPageSize());
            return ListParkedEventsResponse.newBuilder()
                    .addAllEvents(listing.events().stream()
                            .map(OutboxGrpcService::view)
                            .toList())
                    .setParkedCount(listing.parked())
                    .setWaitingCount(listing.waiting())
                    .build();
        });
    }

    @Override
    public void retryParkedEvents(
            RetryParkedEventsRequest request, StreamObserver<RetryParkedEventsResponse> observer) {
        GrpcCalls.unary(
                observer,
                () -> RetryParkedEventsResponse.newBuilder()
                        .setRetried(parked.retry(which(request.getSequencesList(), request.getAll()), request.getAll()))
                        .build());
    }

    @Override
    public void dropParkedEvents(DropParkedEventsRequest request, StreamObserver<DropParkedEventsResponse> observer) {
        GrpcCalls.unary(
                observer,
                () -> DropParkedEventsResponse.newBuilder()
                        .setDropped(parked.drop(which(request.getSequencesList(), request.getAll()), request.getAll()))
                        .build());
    }

    private static List<Long> which(List<Long> sequences, boolean all) {
        if (all && !sequences.isEmpty()) {
            throw ApiException.invalidArgument("give sequences or all, not both");
        }
        return sequences;
    }

    private static ParkedEvent view(OutboxEvent row) {
        return ParkedEvent.newBuilder()
                .setSequence(row.sequence)
                .setEventId(row.eventId.toString())
                .setType(row.ceType)
                .setTopic(row.topic)
                .setKey(row.recordKey)
                .setSizeBytes(row.payload.length)
                .setEventTime(Times.toProto(row.eventTime))
                .setParkedAt(Times.toProto(row.parkedAt))
                .setReason(row.parkReason == null ? "" : row.parkReason)
                .build();
    }
}
