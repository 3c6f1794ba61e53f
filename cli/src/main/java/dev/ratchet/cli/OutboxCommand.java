package dev.ratchet.cli;

import dev.ratchet.operations.v1.DropParkedEventsRequest;
import dev.ratchet.operations.v1.ListParkedEventsRequest;
import dev.ratchet.operations.v1.ListParkedEventsResponse;
import dev.ratchet.operations.v1.OutboxServiceGrpc;
import dev.ratchet.operations.v1.OutboxServiceGrpc.OutboxServiceBlockingStub;
import dev.ratchet.operations.v1.ParkedEvent;
import dev.ratchet.operations.v1.RetryParkedEventsRequest;
import io.grpc.ManagedChannel;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.function.Function;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ratchet outbox list|retry|drop --service NAME}: the events a service's outbox relay parked
 * because Kafka refused them for good.
 */
@Command(
        name = "outbox",
        mixinStandardHelpOptions = true,
        description =
                "Events a service's outbox parked because Kafka refused them (too large, say): list, retry, drop.",
        subcommands = {OutboxCommand.List.class, OutboxCommand.Retry.class, OutboxCommand.Drop.class})
class OutboxCommand {
    enum Service {
        tracking,
        orchestrator,
        evaluation
    }

    /** The service whose outbox is meant. */
    static class Target {
        @Option(names = "--service", required = true, description = "tracking, orchestrator or evaluation")
        Service service;

        <T> T call(Endpoints endpoints, Function<OutboxServiceBlockingStub, T> call) {
            String address = switch (service) {
                case tracking -> endpoints.tracking;
                case orchestrator -> endpoints.orchestrator;
                case evaluation -> endpoints.evaluation;
            };
            ManagedChannel channel = Endpoints.channel(address);
            try {
                return call.apply(OutboxServiceGrpc.newBlockingStub(channel));
            } finally {
                Endpoints.close(channel);
            }
        }
    }

    /** Which parked events: sequences, or all of them. */
    static class Which {
        @Parameters(arity = "1..*", paramLabel = "SEQUENCE", description = "the parked events' sequences")
        java.util.List<Long> sequences = java.util.List.of();

        @Option(names = "--all", required = true, description = "every parked event")
        boolean all;
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "The parked events, oldest first, with Kafka's reason.")
    static class List extends TableCommand {
        @Mixin
        Target target;

        @Override
        public void run() {
            ListParkedEventsResponse parked = target.call(
                    endpoints, outbox -> outbox.listParkedEvents(ListParkedEventsRequest.getDefaultInstance()));
            PrintWriter out = out();
            if (printedJson(parked)) {
                return;
            }
            out.printf(
                    "%s: %d parked, %d waiting to be relayed%n",
                    target.service, parked.getParkedCount(), parked.getWaitingCount());
            for (ParkedEvent event : parked.getEventsList()) {
                out.printf(
                        "%-8d %-40s key %s  %,d bytes  parked %s%n         %s%n",
                        event.getSequence(),
                        event.getType(),
                        event.getKey(),
                        event.getSizeBytes(),
                        Instant.ofEpochSecond(event.getParkedAt().getSeconds()),
                        event.getReason());
            }
        }
    }

    /** Retry and drop: the same choice of parked events, another call. */
    abstract static class ParkedEventsAction extends ServiceCommand {
        @Mixin
        Target target;

        @ArgGroup(multiplicity = "1")
        Which which;

        /** Acts on the chosen events; returns how many it acted on. */
        abstract long act(OutboxServiceBlockingStub outbox, java.util.List<Long> sequences, boolean all);

        /** What was done, with a %d for the count. */
        abstract String done();

        @Override
        public void run() {
            long count = target.call(endpoints, outbox -> act(outbox, which.sequences, which.all));
            out().printf(done() + "%n", count);
        }
    }

    @Command(
            name = "retry",
            mixinStandardHelpOptions = true,
            description = "Put parked events back in line (after raising the limit that refused them, say).")
    static class Retry extends ParkedEventsAction {
        @Override
        long act(OutboxServiceBlockingStub outbox, java.util.List<Long> sequences, boolean all) {
            return outbox.retryParkedEvents(RetryParkedEventsRequest.newBuilder()
                            .addAllSequences(sequences)
                            .setAll(all)
                            .build())
                    .getRetried();
        }

        @Override
        String done() {
            return "%d events back in line";
        }
    }

    @Command(
            name = "drop",
            mixinStandardHelpOptions = true,
            description = "Delete parked events for good: their consumers never see them.")
    static class Drop extends ParkedEventsAction {
        @Override
        long act(OutboxServiceBlockingStub outbox, java.util.List<Long> sequences, boolean all) {
            return outbox.dropParkedEvents(DropParkedEventsRequest.newBuilder()
                            .addAllSequences(sequences)
                            .setAll(all)
                            .build())
                    .getDropped();
        }

        @Override
        String done() {
            return "%d events dropped";
        }
    }
}
