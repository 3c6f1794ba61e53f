package dev.ratchet.tracking.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ratchet.tracking.logging.BatchLogger;
import dev.ratchet.tracking.run.Run;
import dev.ratchet.tracking.run.Runs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * MLflow's logged models (runs/log-model): each model's MLmodel description is appended to the
 * run's {@code mlflow.log-model.history} tag, a JSON list, as MLflow's own stores record it — so
 * that its clients, autologging and the UI find the run's models where they look.
 */
@ApplicationScoped
class MlflowModels {
    static final String HISTORY_TAG = "mlflow.log-model.history";
    /** What MLflow's server requires of a model's description. */
    private static final List<String> REQUIRED = List.of("artifact_path", "flavors", "utc_time_created", "run_id");

    @Inject
    Runs runs;

    /** Appends the model (under the run's row lock: two models logged at once both stay). */
    @Transactional
    public void record(UUID runId, String modelJson) {
        ObjectNode model = described(modelJson);
        Run run = runs.get(runId);
        Run.getEntityManager().lock(run, LockModeType.PESSIMISTIC_WRITE);
        Run.getEntityManager().refresh(run);
        ArrayNode history = history(run.tags.get(HISTORY_TAG));
        history.add(model);
        String value = history.toString();
        if (value.length() > BatchLogger.MAX_TAG_VALUE_LENGTH) {
            throw MlflowJson.invalid(
                    "the run's logged models would take " + value.length() + " characters in tag '" + HISTORY_TAG
                            + "'; at most " + BatchLogger.MAX_TAG_VALUE_LENGTH + ": log further models in a new run");
        }
        run.tags.put(HISTORY_TAG, value);
    }

    /**
     * The model's description as MLflow keeps it in the tag: its signature, saved input example and
     * each flavor's {@code config} left out.
     */
    private static ObjectNode described(String modelJson) {
        JsonNode parsed;
        try {
            parsed = MlflowJson.JSON.readTree(modelJson);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw MlflowJson.invalid("model_json is not JSON: " + e.getOriginalMessage());
        }
        if (parsed == null || !parsed.isObject()) {
            throw MlflowJson.invalid("model_json must be a JSON object (the model's MLmodel description)");
        }
        ObjectNode model = (ObjectNode) parsed;
        List<String> missing =
                new ArrayList<>(REQUIRED.stream().filter(f -> !model.has(f)).toList());
        if (!missing.isEmpty()) {
            throw MlflowJson.invalid("Model json is missing mandatory fields: " + missing);
        }
        model.remove(List.of("signature", "saved_input_example_info"));
        model.path("flavors").forEach(flavor -> {
            if (flavor.isObject()) {
                ((ObjectNode) flavor).remove("config");
            }
        });
        return model;
    }

    private static ArrayNode history(String tag) {
        if (tag != null) {
            try {
                JsonNode logged = MlflowJson.JSON.readTree(tag);
                if (logged.isArray()) {
                    return (ArrayNode) logged;
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                // a client set the tag by hand to something else: the history starts anew
            }
        }
        return MlflowJson.JSON.createArrayNode();
    }
}
