package dev.ratchet.tracking.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ratchet.tracking.v1.DatasetInput;
import dev.ratchet.tracking.v1.DatasetRole;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** MLflow's dataset inputs (runs/log-inputs) as the datasets a Ratchet run records. */
final class MlflowDatasets {
    private MlflowDatasets() {}

    /**
     * The URI is the dataset source's {@code uri}, {@code url} or {@code path} (the source is JSON
     * text), else the source or the name as given; the role comes from the {@code mlflow.data.context}
     * tag (training, validation, evaluation or test). The name, the context word, the source type and
     * the source are kept as given, so that MLflow's clients read back what they logged.
     */
    static DatasetInput input(JsonNode input) {
        JsonNode dataset = input.path("dataset");
        String name = MlflowJson.text(dataset, "name");
        String source = MlflowJson.text(dataset, "source");
        String uri = firstOf(json(source), "uri", "url", "path");
        if (uri.isEmpty()) {
            uri = !source.isEmpty() ? source : "mlflow-dataset:" + name;
        }
        DatasetInput.Builder result = DatasetInput.newBuilder()
                .setUri(uri)
                .setName(name)
                .setSourceType(MlflowJson.text(dataset, "source_type"))
                .setSource(source)
                .setDigest(MlflowJson.text(dataset, "digest"))
                .setSchemaSummary(schema(MlflowJson.text(dataset, "schema")));
        JsonNode profile = json(MlflowJson.text(dataset, "profile"));
        if (profile.path("num_rows").canConvertToLong()) {
            result.setRowCount(profile.path("num_rows").asLong());
        }
        input.path("tags").forEach(tag -> {
            if (MlflowJson.DATA_CONTEXT.equals(MlflowJson.text(tag, "key"))) {
                result.setContext(MlflowJson.text(tag, "value")).setRole(role(MlflowJson.text(tag, "value")));
            }
        });
        return result.build();
    }

    /**
     * MLflow's dataset of a run: what its client logged, as given; a dataset logged over gRPC gets
     * the source MLflow would have made of its URI (local files as {@code local} with a uri, web
     * addresses as {@code http} with a url, other schemes by their name), so that
     * {@code mlflow.data.get_source} can read it.
     */
    static ObjectNode json(DatasetInput dataset) {
        ObjectNode input = MlflowJson.object();
        if (!dataset.getContext().isEmpty()) {
            input.putArray("tags")
                    .addObject()
                    .put("key", MlflowJson.DATA_CONTEXT)
                    .put("value", dataset.getContext());
        }
        String sourceType = dataset.getSourceType();
        String source = dataset.getSource();
        if (sourceType.isEmpty() && source.isEmpty()) {
            String uri = dataset.getUri();
            String scheme = uri.matches("[A-Za-z][A-Za-z0-9+.-]*:.*")
                    ? uri.substring(0, uri.indexOf(':')).toLowerCase(Locale.ROOT)
                    : "file";
            boolean web = scheme.equals("http") || scheme.equals("https");
            sourceType = web ? "http" : scheme.equals("file") ? "local" : scheme;
            source = MlflowJson.object().put(web ? "url" : "uri", uri).toString();
        }
        input.putObject("dataset")
                .put("name", dataset.getName().isEmpty() ? dataset.getUri() : dataset.getName())
                .put("digest", dataset.getDigest())
                .put("source_type", sourceType)
                .put("source", source)
                .put("schema", dataset.getSchemaSummary())
                .put("profile", dataset.getRowCount() > 0 ? "{\"num_rows\": " + dataset.getRowCount() + "}" : "");
        return input;
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
