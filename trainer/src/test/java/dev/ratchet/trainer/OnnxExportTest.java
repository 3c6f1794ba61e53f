package dev.ratchet.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The exported ONNX models give XGBoost's own probabilities (ONNX Runtime against
 * Booster.predict, to 1e-5: float arithmetic summed in another order), on the German credit data;
 * the linear model's input scaling folded into its weights.
 */
class OnnxExportTest {
    private static final Path GERMAN = Path.of("..", "examples", "data", "german_credit.csv");

    @TempDir
    Path dir;

    @Test
    void boostedTreesAsOnnxPredictWhatXgboostPredicts() throws Exception {
        assertSameProbabilities("popular", "--max_depth=5", "--eta=0.3", "--rounds=40");
    }

    @Test
    void theLinearBaselineAsOnnxPredictsWhatXgboostPredicts() throws Exception {
        assertSameProbabilities("simple", "--rounds=30", "--eta=0.5");
    }

    @Test
    void eachRoundReportsTrainingAndValidationMetrics() throws Exception {
        Trainer trainer = trainer("popular", "--rounds=3");
        Data data = data();
        List<Boosting.Round> rounds = new ArrayList<>();
        Scaling none = Scaling.identity(data.features.list().size());
        Boosting.train(
                data.matrix(data.train, none), data.matrix(data.validation, none), trainer.params(0.7), 3, rounds::add);
        assertEquals(
                List.of(1, 2, 3), rounds.stream().map(Boosting.Round::number).toList());
        for (Boosting.Round round : rounds) {
            assertEquals(Set.of("train", "validation"), round.metrics().keySet());
            assertEquals(
                    Set.of("logloss", "auc"), round.metrics().get("validation").keySet());
        }
        assertTrue(
                rounds.get(2).metrics().get("train").get("logloss")
                        < rounds.get(0).metrics().get("train").get("logloss"),
                "training loss falls");
    }

    private void assertSameProbabilities(String model, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        Trainer trainer = trainer(model, all.toArray(String[]::new));
        Data data = data();
        Map<String, Object> params = trainer.params(0.7);
        Scaling scaling = model.equals("simple")
                ? Scaling.fit(data.features.matrix(data.train), data.features.list())
                : Scaling.identity(data.features.list().size());
        Booster booster = Boosting.train(
                data.matrix(data.train, scaling),
                data.matrix(data.validation, scaling),
                params,
                trainer.rounds,
                round -> {});
        float[] x = data.features.matrix(data.test);
        float[][] expected = booster.predict(new DMatrix(
                scaling.apply(x), data.test.rows().size(), data.features.list().size(), Float.NaN));
        OnnxExport.Meta meta = new OnnxExport.Meta(data.features.list(), "Good", "Bad", Math.log(0.7 / 0.3));
        String[] dump = booster.getModelDump((String) null, false, "json");
        Path file = dir.resolve("model.onnx");
        Files.write(
                file,
                model.equals("simple") ? OnnxExport.linear(dump[0], scaling, meta) : OnnxExport.trees(dump, meta));

        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        int rows = data.test.rows().size();
        float[][] input = new float[rows][];
        for (int r = 0; r < rows; r++) {
            input[r] = Arrays.copyOfRange(
                    x,
                    r * data.features.list().size(),
                    (r + 1) * data.features.list().size());
        }
        try (OrtSession session = environment.createSession(file.toString(), new OrtSession.SessionOptions());
                OnnxTensor tensor = OnnxTensor.createTensor(environment, input);
                OrtSession.Result result = session.run(Map.of("features", tensor))) {
            float[][] actual = (float[][]) result.get(0).getValue();
            for (int r = 0; r < rows; r++) {
                assertEquals(expected[r][0], actual[r][0], 1e-5, "row " + r);
            }
            assertTrue(session.getMetadata()
                    .getCustomMetadata()
                    .get("ratchet.features")
                    .contains("{\"column\":\"sex\",\"equals\":\"female\"}"));
        }
    }

    private static Trainer trainer(String model, String... args) {
        Trainer trainer = new Trainer();
        List<String> all = new ArrayList<>(
                List.of("--train=x", "--validation=x", "--test=x", "--label=Class", "--model=" + model, "--run=r"));
        all.addAll(List.of(args));
        new CommandLine(trainer).parseArgs(all.toArray(String[]::new));
        return trainer;
    }

    /** The first 700 rows to train on, the next 150 to validate, the last 150 to test. */
    private record Data(TabularData train, TabularData validation, TabularData test, Features features) {
        DMatrix matrix(TabularData part, Scaling scaling) throws Exception {
            DMatrix matrix = new DMatrix(
                    scaling.apply(features.matrix(part)),
                    part.rows().size(),
                    features.list().size(),
                    Float.NaN);
            String[] labels = part.values("Class");
            float[] y = new float[labels.length];
            for (int i = 0; i < y.length; i++) {
                y[i] = labels[i].equals("Good") ? 1 : 0;
            }
            matrix.setLabel(y);
            return matrix;
        }
    }

    private static Data data() {
        TabularData all = TabularData.read(GERMAN);
        TabularData train = new TabularData(GERMAN, all.header(), all.rows().subList(0, 700));
        TabularData validation =
                new TabularData(GERMAN, all.header(), all.rows().subList(700, 850));
        TabularData test = new TabularData(GERMAN, all.header(), all.rows().subList(850, 1000));
        return new Data(train, validation, test, Features.fit(train, Set.of("row_id", "Class")));
    }
}
