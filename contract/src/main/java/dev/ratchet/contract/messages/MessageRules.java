package dev.ratchet.contract.messages;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Duration;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rules every request and event payload obeys, whatever its type, checked by walking the message:
 * no NUL character in any text (PostgreSQL cannot store one), and every Timestamp and Duration
 * within protobuf's range (0001-01-01 to 9999-12-31; ±10,000 years). What breaks a rule is named by
 * its path, e.g. {@code metrics[3].timestamp}. Only fields that can hold text, time or messages are
 * visited; which ones those are is worked out once per message type.
 */
public final class MessageRules {
    static final long MIN_SECONDS = -62_135_596_800L;
    static final long MAX_SECONDS = 253_402_300_799L;
    static final long MAX_DURATION_SECONDS = 315_576_000_000L;
    private static final Map<Descriptor, List<FieldDescriptor>> VISITED = new ConcurrentHashMap<>();

    private MessageRules() {}

    /** What is wrong with the message, if anything. */
    public static Optional<String> problem(Message message) {
        return Optional.ofNullable(check(message, ""));
    }

    private static String check(Message message, String path) {
        Descriptor type = message.getDescriptorForType();
        if (type.getFullName().equals(Timestamp.getDescriptor().getFullName())) {
            return timestamp(message, path);
        }
        if (type.getFullName().equals(Duration.getDescriptor().getFullName())) {
            return duration(message, path);
        }
        for (FieldDescriptor field : VISITED.computeIfAbsent(type, MessageRules::visited)) {
            String name = path.isEmpty() ? field.getName() : path + "." + field.getName();
            if (field.isMapField()) {
                String problem = mapEntries(message, field, name);
                if (problem != null) {
                    return problem;
                }
            } else if (field.isRepeated()) {
                int count = message.getRepeatedFieldCount(field);
                for (int i = 0; i < count; i++) {
                    String problem = value(field, message.getRepeatedField(field, i), name + "[" + i + "]");
                    if (problem != null) {
                        return problem;
                    }
                }
            } else if (field.getJavaType() != FieldDescriptor.JavaType.MESSAGE || message.hasField(field)) {
                String problem = value(field, message.getField(field), name);
                if (problem != null) {
                    return problem;
                }
            }
        }
        return null;
    }

    /** A map's entries, named by key: {@code tags['approach']}. */
    private static String mapEntries(Message message, FieldDescriptor field, String path) {
        FieldDescriptor keyField = field.getMessageType().findFieldByName("key");
        FieldDescriptor valueField = field.getMessageType().findFieldByName("value");
        int count = message.getRepeatedFieldCount(field);
        for (int i = 0; i < count; i++) {
            Message entry = (Message) message.getRepeatedField(field, i);
            Object key = entry.getField(keyField);
            if (key instanceof String text && text.indexOf('\0') >= 0) {
                return "a key of " + path + " holds a NUL character (at index " + text.indexOf('\0') + "); remove it";
            }
            String shown = String.valueOf(key);
            String problem = value(
                    valueField,
                    entry.getField(valueField),
                    path + "['" + (shown.length() > 40 ? shown.substring(0, 40) + "…" : shown) + "']");
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private static String value(FieldDescriptor field, Object value, String path) {
        if (value instanceof String text) {
            int nul = text.indexOf('\0');
            return nul < 0 ? null : path + " holds a NUL character (at index " + nul + "); remove it";
        }
        if (value instanceof Message message) {
            return check(message, path);
        }
        return null;
    }

    private static String timestamp(Message message, String path) {
        Timestamp time = message instanceof Timestamp t
                ? t
                : Timestamp.newBuilder().mergeFrom(message).build();
        if (time.getSeconds() < MIN_SECONDS || time.getSeconds() > MAX_SECONDS) {
            return path + " is " + time.getSeconds() + " seconds from the epoch; a timestamp lies between "
                    + "0001-01-01 and 9999-12-31 (" + MIN_SECONDS + " to " + MAX_SECONDS + ")";
        }
        if (time.getNanos() < 0 || time.getNanos() > 999_999_999) {
            return path + ".nanos is " + time.getNanos() + "; it must be 0 to 999999999";
        }
        return null;
    }

    private static String duration(Message message, String path) {
        Duration duration = message instanceof Duration d
                ? d
                : Duration.newBuilder().mergeFrom(message).build();
        if (Math.abs(duration.getSeconds()) > MAX_DURATION_SECONDS) {
            return path + " is " + duration.getSeconds() + " seconds; a duration is at most ±" + MAX_DURATION_SECONDS;
        }
        if (Math.abs(duration.getNanos()) > 999_999_999
                || (duration.getSeconds() != 0
                        && duration.getNanos() != 0
                        && Long.signum(duration.getSeconds()) != Integer.signum(duration.getNanos()))) {
            return path + ".nanos is " + duration.getNanos() + "; it must be within ±999999999 and share the "
                    + "seconds' sign";
        }
        return null;
    }

    /** The fields of a type that can hold text or a message (directly, in a list or in a map). */
    private static List<FieldDescriptor> visited(Descriptor type) {
        List<FieldDescriptor> fields = new ArrayList<>();
        for (FieldDescriptor field : type.getFields()) {
            if (field.getJavaType() == FieldDescriptor.JavaType.STRING
                    || field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                fields.add(field);
            }
        }
        return List.copyOf(fields);
    }
}
