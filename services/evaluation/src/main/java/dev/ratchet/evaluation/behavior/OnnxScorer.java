package dev.ratchet.evaluation.behavior;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ratchet.evaluation.data.CsvTables;
import dev.ratchet.evaluation.data.TableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * An ONNX model run in-process with ONNX Runtime: one float input [rows, features], one output
 * with the positive label's probability. The model's metadata says how a CSV row becomes its
 * input ({@code ratchet.features}) and what its labels are.
 */
public final class OnnxScorer implements AutoCloseable {
    private static final int BATCH = 4096;

    private final OrtSession session;
    private final String input;
    private final List<Feature> features;
    private final String positiveLabel;
    private final String negativeLabel;

    /** One model input: a numeric column's value, or 1 when a text column equals {@code equals}. */
    public record Feature(String column, String equals) {}

    /** A source of row values: the test set's, or a perturbed view of them. */
    public interface Rows {
        int count();

        /** The value as written in the CSV; "" when missing. */
        String value(int row, String column);
    }

    public OnnxScorer(String uri) {
        Path path = CsvTables.path(uri);
        if (!Files.isReadable(path)) {
            throw new TableException("cannot read the model " + path);
        }
        try {
            session = OrtEnvironment.getEnvironment().createSession(path.toString(), new OrtSession.SessionOptions());
            Map<String, String> metadata = session.getMetadata().getCustomMetadata();
            String spec = metadata.get("ratchet.features");
            if (spec == null) {
                throw new TableException("the model " + path + " has no metadata 'ratchet.features' saying which"
                        + " columns its inputs are");
            }
            features = new ObjectMapper().readValue(spec, new TypeReference<List<Feature>>() {});
            positiveLabel = metadata.getOrDefault("ratchet.positive_label", "1");
            negativeLabel = metadata.getOrDefault("ratchet.negative_label", "0");
            if (session.getInputNames().size() != 1 || session.getOutputNames().isEmpty()) {
                throw new TableException("the model " + path + " must have one input and an output; it has inputs "
                        + session.getInputNames() + " and outputs " + session.getOutputNames());
            }
            input = session.getInputNames().iterator().next();
        } catch (OrtException | java.io.IOException e) {
            throw new TableException("cannot load the ONNX model " + path + ": " + e.getMessage(), e);
        }
    }

    public List<Feature> features() {
        return features;
    }

    public String positiveLabel() {
        return positiveLabel;
    }

    public String negativeLabel() {
        return negativeLabel;
    }

    /** The positive label's probability for every row. */
    public double[] probabilities(Rows rows) {
        double[] result = new double[rows.count()];
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        for (int start = 0; start < rows.count(); start += BATCH) {
            int n = Math.min(BATCH, rows.count() - start);
            float[][] batch = new float[n][features.size()];
            for (int i = 0; i < n; i++) {
                encode(rows, start + i, batch[i]);
            }
            try (OnnxTensor tensor = OnnxTensor.createTensor(environment, batch);
                    OrtSession.Result output = session.run(Map.of(input, tensor))) {
                Object value = output.get(0).getValue();
                for (int i = 0; i < n; i++) {
                    result[start + i] =
                            value instanceof float[][] matrix ? matrix[i][matrix[i].length - 1] : ((float[]) value)[i];
                }
            } catch (OrtException | ClassCastException e) {
                throw new TableException("the model failed: " + e.getMessage(), e);
            }
        }
        return result;
    }

    private void encode(Rows rows, int row, float[] into) {
        for (int f = 0; f < features.size(); f++) {
            Feature feature = features.get(f);
            String value = rows.value(row, feature.column());
            if (feature.equals() != null) {
                into[f] = feature.equals().equals(value) ? 1 : 0;
            } else {
                try {
                    into[f] = Float.parseFloat(value);
                } catch (NumberFormatException e) {
                    throw new TableException("row " + (row + 1) + ": the model needs a number in column '"
                            + feature.column() + "', not '" + value + "'");
                }
            }
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
