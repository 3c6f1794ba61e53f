package dev.ratchet.contract.events;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import java.util.Optional;

/** Protobuf messages a service stored in a bytea column, read back. */
public final class StoredMessages {
    private StoredMessages() {}

    /** The message in {@code bytes}, empty for null; a column that does not parse is a bug, not bad input. */
    public static <T extends Message> Optional<T> read(Parser<T> parser, byte[] bytes, String what) {
        if (bytes == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(parser.parseFrom(bytes));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("stored " + what + " is corrupt", e);
        }
    }
}
