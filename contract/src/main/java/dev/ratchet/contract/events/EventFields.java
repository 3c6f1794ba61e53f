package dev.ratchet.contract.events;

import java.util.UUID;

/** Checks of event payload fields; a failed check makes the event invalid (dead-lettered). */
public final class EventFields {
    private EventFields() {}

    public static UUID uuid(EventType type, String field, String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException(type.ceType() + ": " + field + " '" + value + "' is not a UUID");
        }
    }

    public static String text(EventType type, String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidEventException(type.ceType() + ": " + field + " is required");
        }
        return value.strip();
    }
}
