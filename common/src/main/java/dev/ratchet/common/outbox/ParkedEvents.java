package dev.ratchet.common.outbox;

import dev.ratchet.common.grpc.ApiException;
import dev.ratchet.common.metrics.EventMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.TreeSet;

/** The outbox events the relay parked: listed, put back in line, or dropped by an operator. */
@ApplicationScoped
public class ParkedEvents {
    static final int MAX_PAGE = 1_000;

    @Inject
    Event<OutboxAppended> appended;

    @Inject
    EventMetrics metrics;

    /** The parked events, oldest first, and the counts. */
    public record Listing(List<OutboxEvent> events, long parked, long waiting) {}

    @Transactional
    public Listing list(int pageSize) {
        int size = pageSize <= 0 ? MAX_PAGE : Math.min(pageSize, MAX_PAGE);
        List<OutboxEvent> events = OutboxEvent.<OutboxEvent>find("parkedAt is not null order by sequence")
                .page(0, size)
                .list();
        return new Listing(events, OutboxEvent.count("parkedAt is not null"), OutboxEvent.count("parkedAt is null"));
    }

    /** Puts the events back in line; the relay picks them up after this commits. */
    @Transactional
    public long retry(List<Long> sequences, boolean all) {
        long retried = all
                ? OutboxEvent.update("parkedAt = null, parkReason = null where parkedAt is not null")
                : OutboxEvent.update("parkedAt = null, parkReason = null where sequence in ?1", parked(sequences));
        appended.fire(new OutboxAppended());
        return retried;
    }

    @Transactional
    public long drop(List<Long> sequences, boolean all) {
        long dropped = all
                ? OutboxEvent.delete("parkedAt is not null")
                : OutboxEvent.delete("sequence in ?1", parked(sequences));
        metrics.outboxParked(OutboxEvent.count("parkedAt is not null"));
        return dropped;
    }

    /** The sequences, each checked to name a parked event. */
    private static List<Long> parked(List<Long> sequences) {
        if (sequences.isEmpty()) {
            throw ApiException.invalidArgument("name the parked events by sequence, or ask for all");
        }
        TreeSet<Long> wanted = new TreeSet<>(sequences);
        List<Long> found = OutboxEvent.<OutboxEvent>find("parkedAt is not null and sequence in ?1", wanted).stream()
                .map(row -> row.sequence)
                .toList();
        wanted.removeAll(found);
        if (!wanted.isEmpty()) {
            throw ApiException.notFound(
                    "no parked event with sequence " + wanted.first() + "; ratchet outbox list shows the parked ones");
        }
        return found;
    }
}
