package dev.ratchet.tracking.run;

import dev.ratchet.events.v1.ParamValue;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** Hyperparameters between their protobuf forms (text, typed) and what is stored. */
public final class Params {
    static final String STRING = "string";
    static final String DOUBLE = "double";
    static final String INT = "int";
    static final String BOOL = "bool";

    private Params() {}

    /**
     * Text params and typed params as stored entries.
     *
     * @param bothAllowed whether a key may be in both (a typed value then wins: events); for requests
     *                    it is an error
     * @param error makes the exception for a bad value (a status for requests, an invalid event)
     */
    public static Map<String, ParamEntry> entries(
            Map<String, String> texts,
            Map<String, ParamValue> typed,
            boolean bothAllowed,
            Function<String, RuntimeException> error) {
        Map<String, ParamEntry> entries = new LinkedHashMap<>();
        texts.forEach((key, text) -> entries.put(key, text(text)));
        typed.forEach((key, value) -> {
            if (!bothAllowed && texts.containsKey(key)) {
                throw error.apply("param '" + key + "' is in both params and typed_params; give it once");
            }
            entries.put(key, typed(key, value, error));
        });
        return entries;
    }

    /** A text param; its number when the text reads as a finite one (e.g. "0.001" from an MLflow client). */
    static ParamEntry text(String text) {
        Double number = null;
        try {
            double parsed = Double.parseDouble(text.strip());
            number = Double.isFinite(parsed) ? parsed : null;
        } catch (NumberFormatException e) {
            // text that is not a number compares as text only
        }
        return new ParamEntry(text, STRING, number);
    }

    private static ParamEntry typed(String key, ParamValue value, Function<String, RuntimeException> error) {
        return switch (value.getValueCase()) {
            case DOUBLE_VALUE -> {
                double d = value.getDoubleValue();
                if (!Double.isFinite(d)) {
                    throw error.apply("param '" + key + "' is " + d + "; a double param must be finite");
                }
                yield new ParamEntry(Double.toString(d), DOUBLE, d);
            }
            case INT_VALUE -> new ParamEntry(Long.toString(value.getIntValue()), INT, (double) value.getIntValue());
            case BOOL_VALUE -> new ParamEntry(Boolean.toString(value.getBoolValue()), BOOL, null);
            case STRING_VALUE ->
                new ParamEntry(
                        value.getStringValue(),
                        STRING,
                        text(value.getStringValue()).number());
            case VALUE_NOT_SET ->
                throw error.apply("param '" + key + "' has no value; set one of double_value, "
                        + "int_value, bool_value or string_value");
        };
    }

    /** The params as text, by key. */
    public static Map<String, String> texts(Map<String, ParamEntry> entries) {
        Map<String, String> texts = new TreeMap<>();
        entries.forEach((key, entry) -> texts.put(key, entry.text()));
        return texts;
    }

    /** The params with their types, by key. */
    public static Map<String, ParamValue> typed(Map<String, ParamEntry> entries) {
        Map<String, ParamValue> typed = new HashMap<>();
        entries.forEach((key, entry) -> typed.put(key, toProto(entry)));
        return typed;
    }

    static ParamValue toProto(ParamEntry entry) {
        return switch (entry.type()) {
            case DOUBLE ->
                ParamValue.newBuilder().setDoubleValue(entry.number()).build();
            case INT ->
                ParamValue.newBuilder()
                        .setIntValue(Long.parseLong(entry.text()))
                        .build();
            case BOOL ->
                ParamValue.newBuilder()
                        .setBoolValue(Boolean.parseBoolean(entry.text()))
                        .build();
            default -> ParamValue.newBuilder().setStringValue(entry.text()).build();
        };
    }

    /** How an entry reads in a message: "0.01 (double)", "'xgb'". */
    public static String describe(ParamEntry entry) {
        return STRING.equals(entry.type()) ? "'" + entry.text() + "'" : entry.text() + " (" + entry.type() + ")";
    }
}
