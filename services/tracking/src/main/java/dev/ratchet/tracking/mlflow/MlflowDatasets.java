package dev.ratchet.tracking.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ratchet.tracking.v1.DatasetInput;
import dev.ratchet.tracking.v1.DatasetRole;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** MLflow's dataset inputs (runs/log-inputs) as the datasets a Ratchet run records. */
final class MlflowDatasets {
    private MlflowDatasets() {
    }

    /**
     * The URI is the dataset source's {@code uri}, {@code url} or {@code path} (the source is JSON
     * text), else the source or the name as given; the role comes from the {@code mlflow.data.context}
     * tag (training, validation, evaluation or test).
     */
    static DatasetInput input(JsonNode input) {
        JsonNode dataset = input.path("dataset");
        String source = MlflowJson.text(dataset, "source");
        String uri = firstOf(json(source), "uri", "url", "path");
        if (uri.isEmpty()) {
            uri = !source.isEmpty() ? source : "mlflow-dataset:" + MlflowJson.text(dataset, "name");
        }
        DatasetInput.Builder result = DatasetInput.newBuilder()
                .setUri(uri)
                .setDigest(MlflowJson.text(dataset, "digest"))
                .setSchemaSummary(schema(MlflowJson.text(dataset, "schema")));
        JsonNode profile = json(MlflowJson.text(dataset, "profile"));
        if (profile.path("num_rows").canConvertToLong()) {
            result.setRowCount(profile.path("num_rows").asLong());
        }
        input.path("tags").forEach(tag -> {
            if (MlflowJson.DATA_CONTEXT.equals(MlflowJson.text(tag, "key"))) {
                result.setRole(role(MlflowJson.text(tag, "value")));
            }
        });
        return result.build();
    }

    private static DatasetRole role(String context) {
        return switch (context.toLowerCase(Locale.ROOT)) {
            case "train", "training" -> DatasetRole.DATASET_ROLE_TRAIN;
            case "validation", "val", "eval", "evaluation" -> DatasetRole.DATASET_ROLE_VALIDATION;
            case "test", "testing" -> DatasetRole.DATASET_ROLE_TEST;
            default -> DatasetRole.DATASET_ROLE_UNSPECIFIED;
        };
    }

    /** MLflow's column schema ({"mlflow_colspec": [{"name", "type"}]}) as "name:type, …"; other text as is. */
    private static String schema(String schema) {
        JsonNode columns = json(schema).path("mlflow_colspec");
        if (!columns.isArray()) {
            return schema;
        }
        List<String> parts = new ArrayList<>();
        columns.forEach(c -> parts.add(MlflowJson.text(c, "name") + ":" + MlflowJson.text(c, "type")));
        return String.join(", ", parts);
    }

    private static String firstOf(JsonNode json, String... fields) {
        for (String field : fields) {
            String value = MlflowJson.text(json, field);
            if (!value.isEmpty()) {
                return value;
            }
        }
        return "";
    }

    private static JsonNode json(String text) {
        try {
            return text.isBlank() ? MlflowJson.object() : MlflowJson.JSON.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return MlflowJson.object();
        }
    }
}
