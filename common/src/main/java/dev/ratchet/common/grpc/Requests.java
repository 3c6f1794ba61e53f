package dev.ratchet.common.grpc;

import java.util.UUID;

/** Checks of request fields that every API makes, with messages that say what to fix. */
public final class Requests {
    private Requests() {}

    /** The field as a UUID; INVALID_ARGUMENT when it is empty or not a UUID. */
    public static UUID uuid(String field, String value) {
        if (value == null || value.isBlank()) {
            throw ApiException.invalidArgument(field + " is required");
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidArgument(field + " '" + value + "' is not a UUID");
        }
    }

    /** The field trimmed; INVALID_ARGUMENT when it is blank or longer than {@code maxLength}. */
    public static String text(String field, String value, int maxLength) {
        String trimmed = value == null ? "" : value.strip();
        if (trimmed.isEmpty()) {
            throw ApiException.invalidArgument(field + " is required");
        }
        if (trimmed.length() > maxLength) {
            throw ApiException.invalidArgument(
                    field + " has " + trimmed.length() + " characters; at most " + maxLength + " are allowed");
        }
        return trimmed;
    }

    /** An optional field trimmed; INVALID_ARGUMENT when it is longer than {@code maxLength}. */
    public static String optionalText(String field, String value, int maxLength) {
        String trimmed = value == null ? "" : value.strip();
        if (trimmed.length() > maxLength) {
            throw ApiException.invalidArgument(
                    field + " has " + trimmed.length() + " characters; at most " + maxLength + " are allowed");
        }
        return trimmed;
    }

    /** A page size: 0 means {@code defaultSize}; INVALID_ARGUMENT outside 0 to {@code max}. */
    public static int pageSize(String field, int value, int defaultSize, int max) {
        if (value < 0 || value > max) {
            throw ApiException.invalidArgument(
                    field + " must be 1 to " + max + " (0: " + defaultSize + "); it is " + value);
        }
        return value == 0 ? defaultSize : value;
    }
}
