package dev.ratchet.common.outbox;

import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Tells a record Kafka will never take (too large for the producer or the broker, an invalid
 * topic or record) from a failure that passes (the broker away, a leader moving, a timeout): the
 * first is parked, the second sent again. A refusal that is not about the record — authorization,
 * say — is not parked: it would park every event.
 */
final class KafkaRefusals {
    private KafkaRefusals() {}

    static boolean isPermanent(Throwable failure) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = failure; t != null && seen.put(t, true) == null; t = t.getCause()) {
            if (t instanceof RecordTooLargeException
                    || t instanceof RecordBatchTooLargeException
                    || t instanceof InvalidRecordException
                    || t instanceof InvalidTopicException
                    || t instanceof SerializationException) {
                return true;
            }
        }
        return false;
    }

    /** The refusal's own words, with its type: what an operator reads in the parked row. */
    static String describe(Throwable failure) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = failure; t != null && seen.put(t, true) == null; t = t.getCause()) {
            if (t.getClass().getName().startsWith("org.apache.kafka.")) {
                return t.getClass().getSimpleName() + ": " + t.getMessage();
            }
        }
        return failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }
}
