package dev.ratchet.trainer;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An XGBoost binary classifier as an ONNX model the evaluation service can run: input
 * {@code features} [rows, features], output {@code probability} [rows, 1] of the positive label.
 * Trees become one ai.onnx.ml TreeEnsembleRegressor summing leaf values (the margin), a linear
 * booster a MatMul and Add; a Sigmoid turns the margin into the probability, as binary:logistic
 * does. XGBoost has no ONNX export on the JVM (onnxmltools is Python), so this reads the model's
 * JSON dump; the test checks ONNX Runtime's probabilities against XGBoost's own.
 */
final class OnnxExport {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the model needs besides its trees or weights. */
    record Meta(List<Features.Feature> features, String positiveLabel, String negativeLabel, double baseMargin) {}

    private OnnxExport() {}

    static byte[] trees(String[] jsonDump, Meta meta) {
        Ensemble ensemble = new Ensemble();
        for (int tree = 0; tree < jsonDump.length; tree++) {
            ensemble.add(tree, read(jsonDump[tree]));
        }
        NodeProto regressor = NodeProto.newBuilder()
                .setOpType("TreeEnsembleRegressor")
                .setDomain("ai.onnx.ml")
                .addInput("features")
                .addOutput("margin")
                .addAttribute(ints("nodes_treeids", ensemble.treeIds))
                .addAttribute(ints("nodes_nodeids", ensemble.nodeIds))
                .addAttribute(ints("nodes_featureids", ensemble.featureIds))
                .addAttribute(floats("nodes_values", ensemble.thresholds))
                .addAttribute(strings("nodes_modes", ensemble.modes))
                .addAttribute(ints("nodes_truenodeids", ensemble.trueIds))
                .addAttribute(ints("nodes_falsenodeids", ensemble.falseIds))
                .addAttribute(ints("nodes_missing_value_tracks_true", ensemble.missingTrue))
                .addAttribute(ints("target_treeids", ensemble.leafTrees))
                .addAttribute(ints("target_nodeids", ensemble.leafNodes))
                .addAttribute(ints(
                        "target_ids", ensemble.leafTrees.stream().map(t -> 0L).toList()))
                .addAttribute(floats("target_weights", ensemble.leafValues))
                .addAttribute(AttributeProto.newBuilder()
                        .setName("n_targets")
                        .setType(AttributeType.INT)
                        .setI(1))
                .addAttribute(floats("base_values", List.of((float) meta.baseMargin())))
                .addAttribute(AttributeProto.newBuilder()
                        .setName("aggregate_function")
                        .setType(AttributeType.STRING)
                        .setS(ByteString.copyFromUtf8("SUM")))
                .build();
        return model(List.of(regressor), List.of(), meta);
    }

    /**
     * gblinear's dump ({"bias": [b], "weight": [w1, …]}) of a model trained on scaled inputs, with
     * the scaling folded in: b + Σ wᵢ (xᵢ − μᵢ) / σᵢ = (b − Σ wᵢ μᵢ / σᵢ) + Σ (wᵢ / σᵢ) xᵢ. Like
     * XGBoost's linear booster it assumes present values: a missing one makes the output NaN.
     */
    static byte[] linear(String jsonDump, Scaling scaling, Meta meta) {
        JsonNode model = read(jsonDump);
        List<Float> weights = new ArrayList<>();
        double intercept = model.get("bias").get(0).asDouble() + meta.baseMargin();
        for (int i = 0; i < model.get("weight").size(); i++) {
            double w = model.get("weight").get(i).asDouble();
            weights.add((float) (w / scaling.scale()[i]));
            intercept -= w * scaling.mean()[i] / scaling.scale()[i];
        }
        float bias = (float) intercept;
        TensorProto w = TensorProto.newBuilder()
                .setName("weights")
                .addDims(weights.size())
                .addDims(1)
                .setDataType(TensorProto.DataType.FLOAT.getNumber())
                .addAllFloatData(weights)
                .build();
        TensorProto b = TensorProto.newBuilder()
                .setName("bias")
                .addDims(1)
                .setDataType(TensorProto.DataType.FLOAT.getNumber())
                .addFloatData(bias)
                .build();
        return model(
                List.of(
                        NodeProto.newBuilder()
                                .setOpType("MatMul")
                                .addInput("features")
                                .addInput("weights")
                                .addOutput("product")
                                .build(),
                        NodeProto.newBuilder()
                                .setOpType("Add")
                                .addInput("product")
                                .addInput("bias")
                                .addOutput("margin")
                                .build()),
                List.of(w, b),
                meta);
    }

    private static byte[] model(List<NodeProto> nodes, List<TensorProto> initializers, Meta meta) {
        GraphProto graph = GraphProto.newBuilder()
                .setName("ratchet-xgboost")
                .addAllNode(nodes)
                .addNode(NodeProto.newBuilder()
                        .setOpType("Sigmoid")
                        .addInput("margin")
                        .addOutput("probability"))
                .addAllInitializer(initializers)
                .addInput(tensor("features", meta.features().size()))
                .addOutput(tensor("probability", 1))
                .build();
        String features;
        try {
            features = JSON.writeValueAsString(
                    meta.features().stream().map(OnnxExport::feature).toList());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return ModelProto.newBuilder()
                .setIrVersion(8)
                .setProducerName("ratchet-trainer")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
                .addOpsetImport(
                        OperatorSetIdProto.newBuilder().setDomain("ai.onnx.ml").setVersion(3))
                .setGraph(graph)
                .addMetadataProps(entry("ratchet.features", features))
                .addMetadataProps(entry("ratchet.positive_label", meta.positiveLabel()))
                .addMetadataProps(entry("ratchet.negative_label", meta.negativeLabel()))
                .build()
                .toByteArray();
    }

    /** {"column": …} or {"column": …, "equals": …}, in that order (Map.of's order changes from run to run). */
    private static Map<String, String> feature(Features.Feature feature) {
        Map<String, String> json = new LinkedHashMap<>();
        json.put("column", feature.column());
        if (feature.equals() != null) {
            json.put("equals", feature.equals());
        }
        return json;
    }

    /** The nodes of every tree, in the attribute arrays TreeEnsembleRegressor takes. */
    private static final class Ensemble {
        final List<Long> treeIds = new ArrayList<>();
        final List<Long> nodeIds = new ArrayList<>();
        final List<Long> featureIds = new ArrayList<>();
        final List<Float> thresholds = new ArrayList<>();
        final List<String> modes = new ArrayList<>();
        final List<Long> trueIds = new ArrayList<>();
        final List<Long> falseIds = new ArrayList<>();
        final List<Long> missingTrue = new ArrayList<>();
        final List<Long> leafTrees = new ArrayList<>();
        final List<Long> leafNodes = new ArrayList<>();
        final List<Float> leafValues = new ArrayList<>();

        void add(int tree, JsonNode node) {
            long id = node.get("nodeid").asLong();
            treeIds.add((long) tree);
            nodeIds.add(id);
            if (node.has("leaf")) {
                featureIds.add(0L);
                thresholds.add(0f);
                modes.add("LEAF");
                trueIds.add(0L);
                falseIds.add(0L);
                missingTrue.add(0L);
                leafTrees.add((long) tree);
                leafNodes.add(id);
                leafValues.add((float) node.get("leaf").asDouble());
                return;
            }
            // XGBoost: x < split_condition goes to "yes"; a missing value goes to "missing"
            featureIds.add(Long.parseLong(node.get("split").asText().substring(1)));
            thresholds.add((float) node.get("split_condition").asDouble());
            modes.add("BRANCH_LT");
            long yes = node.get("yes").asLong();
            trueIds.add(yes);
            falseIds.add(node.get("no").asLong());
            missingTrue.add(node.get("missing").asLong() == yes ? 1L : 0L);
            node.get("children").forEach(child -> add(tree, child));
        }
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("XGBoost's model dump is not JSON: " + e.getMessage(), e);
        }
    }

    private static ValueInfoProto tensor(String name, int columns) {
        return ValueInfoProto.newBuilder()
                .setName(name)
                .setType(TypeProto.newBuilder()
                        .setTensorType(TypeProto.Tensor.newBuilder()
                                .setElemType(TensorProto.DataType.FLOAT.getNumber())
                                .setShape(TensorShapeProto.newBuilder()
                                        .addDim(TensorShapeProto.Dimension.newBuilder()
                                                .setDimParam("rows"))
                                        .addDim(TensorShapeProto.Dimension.newBuilder()
                                                .setDimValue(columns)))))
                .build();
    }

    private static AttributeProto ints(String name, List<Long> values) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeType.INTS)
                .addAllInts(values)
                .build();
    }

    private static AttributeProto floats(String name, List<Float> values) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeType.FLOATS)
                .addAllFloats(values)
                .build();
    }

    private static AttributeProto strings(String name, List<String> values) {
        AttributeProto.Builder attribute =
                AttributeProto.newBuilder().setName(name).setType(AttributeType.STRINGS);
        values.forEach(v -> attribute.addStrings(ByteString.copyFrom(v, StandardCharsets.UTF_8)));
        return attribute.build();
    }

    private static StringStringEntryProto entry(String key, String value) {
        return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }
}
