package dev.ratchet.common;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The settings of the runtime every service shares: the outbox, the consumers' inbox, health. */
@ConfigMapping(prefix = "ratchet")
public interface RuntimeConfig {
    Outbox outbox();

    Consumer consumer();

    Health health();

    /** The transactional outbox and its relay to Kafka. */
    interface Outbox {
        /** Events per relay batch. */
        @WithDefault("500")
        int batchSize();

        /**
         * How often the relay looks for events a crash or an outage left behind. Read by the relay's
         * schedule (an expression); declared here so it is typed and checked at start.
         */
        @WithDefault("1s")
        Duration sweepInterval();

        /** The largest event data in bytes; a larger event is INVALID_ARGUMENT where it is written. */
        @WithDefault("524288")
        int maxEventBytes();

        /** Readiness says DOWN when an event has waited this long to be relayed. */
        @WithDefault("2m")
        Duration stallAfter();
    }

    /** Consumers while the database is unreachable. */
    interface Consumer {
        /** The first wait before an event is tried again. */
        @WithDefault("200ms")
        Duration retryInitial();

        /** The longest wait, the backoff doubling up to it. */
        @WithDefault("10s")
        Duration retryMax();
    }

    /** Readiness checks. */
    interface Health {
        /** How long readiness waits for the broker before saying DOWN. */
        @WithDefault("3s")
        Duration kafkaTimeout();
    }
}
