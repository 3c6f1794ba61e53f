package dev.ratchet.common.inbox;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A valid record whose consumer stopped while it waited for the database: neither processed nor
 * dead-lettered, its offset uncommitted, so the next start reads it again.
 */
public class ConsumerStoppingException extends RuntimeException {
    ConsumerStoppingException(String consumer, ConsumerRecord<String, byte[]> record, Throwable cause) {
        super(
                consumer + " stopped while record " + record.topic() + "-" + record.partition() + "@" + record.offset()
                        + " waited for the database; it is read again on the next start",
                cause);
    }
}
