package dev.ratchet.orchestrator.trial;

import dev.ratchet.contract.events.StoredMessages;
import dev.ratchet.events.v1.ParamValue;
import dev.ratchet.orchestration.v1.StudyTrial;
import java.util.LinkedHashMap;
import java.util.Map;

/** A stored trial's parameters, typed (Double, Long, String) or as the strings a run records. */
public final class TrialParams {
    private TrialParams() {}

    public static Map<String, Object> values(TrialEntry entry) {
        return SearchSpaces.fromProto(proto(entry).getParamsMap());
    }

    public static Map<String, String> strings(Map<String, Object> values) {
        Map<String, String> strings = new LinkedHashMap<>();
        values.forEach((name, value) -> strings.put(name, String.valueOf(value)));
        return strings;
    }

    /** The values with their types, as a run records them (so tracking can compare them as numbers). */
    public static Map<String, ParamValue> typed(Map<String, Object> values) {
        return SearchSpaces.toProto(values);
    }

    static StudyTrial proto(TrialEntry entry) {
        return StoredMessages.read(StudyTrial.parser(), entry.params, "trial " + entry.key.number)
                .orElse(StudyTrial.getDefaultInstance());
    }
}
