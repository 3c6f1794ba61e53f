package dev.ratchet.trainer;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.ratchet.client.RatchetClient;
import dev.ratchet.client.RunLogger;
import dev.ratchet.client.SystemMetrics;
import dev.ratchet.events.v1.MetricContext;
import dev.ratchet.tracking.v1.DatasetRole;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The reference trainer for tabular CSV data: {@code simple} is a logistic regression (XGBoost's
 * linear booster), {@code popular} gradient-boosted trees. It logs its params, each round's
 * training and validation log loss and AUC, the datasets with their digests, git and the
 * environment to the run; and writes the test set's predictions and the model as ONNX under
 * {@code <out>/<run id>/} for the evaluation service.
 */
@Command(
        name = "ratchet-trainer",
        mixinStandardHelpOptions = true,
        description = "Train a binary classifier on CSV files with XGBoost and log it to Ratchet.")
public final class Trainer implements Callable<Integer> {
    @Option(names = "--train", required = true, description = "the training CSV")
    Path train;

    @Option(names = "--validation", required = true, description = "the validation CSV (model selection)")
    Path validation;

    @Option(names = "--test", required = true, description = "the test CSV: predicted, never learned from")
    Path test;

    @Option(names = "--label", required = true, description = "the label column")
    String label;

    @Option(names = "--id", split = ",", description = "columns that are not features (row ids), comma-separated")
    List<String> ids = List.of();

    @Option(names = "--positive", description = "the positive label (default: the second of the two, sorted)")
    String positive;

    @Option(
            names = "--model",
            description = "simple (logistic regression) or popular (boosted trees); default ${DEFAULT-VALUE}")
    String model = "popular";

    @Option(names = "--rounds", description = "boosting rounds; default ${DEFAULT-VALUE}")
    int rounds = 100;

    @Option(names = "--eta", description = "learning rate; default ${DEFAULT-VALUE}")
    double eta = 0.1;

    @Option(
            names = {"--max_depth", "--max-depth"},
            description = "tree depth; default ${DEFAULT-VALUE}")
    int maxDepth = 4;

    @Option(
            names = {"--min_child_weight", "--min-child-weight"},
            description = "default ${DEFAULT-VALUE}")
    double minChildWeight = 1;

    @Option(names = "--subsample", description = "rows per tree; default ${DEFAULT-VALUE}")
    double subsample = 1;

    @Option(
            names = {"--colsample_bytree", "--colsample-bytree"},
            description = "features per tree; default ${DEFAULT-VALUE}")
    double colsample = 1;

    @Option(
            names = "--lambda",
            description = "L2 regularisation; default ${DEFAULT-VALUE} (for simple, XGBoost scales it "
                    + "by the number of rows: use 0 or a small value)")
    double lambda = 1;

    @Option(names = "--alpha", description = "L1 regularisation; default ${DEFAULT-VALUE}")
    double alpha = 0;

    @Option(names = "--seed", description = "default ${DEFAULT-VALUE}")
    long seed = 42;

    @Option(names = "--out", description = "where <run id>/predictions.csv and model.onnx go; default ${DEFAULT-VALUE}")
    Path out = Path.of("runs");

    @Option(
            names = "--run",
            defaultValue = "${env:RATCHET_RUN_ID}",
            description = "the run to log to (env RATCHET_RUN_ID, set by the orchestrator)")
    String runId;

    @Option(names = "--experiment", description = "without a run: create one in this experiment (its id)")
    String experimentId;

    @Option(
            names = "--tracking",
            defaultValue = "${env:RATCHET_TRACKING_TARGET:-127.0.0.1:9101}",
            description = "tracking's gRPC address (env RATCHET_TRACKING_TARGET; default ${DEFAULT-VALUE})")
    String tracking;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Trainer()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (!model.equals("simple") && !model.equals("popular")) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--model must be simple or popular");
        }
        boolean ownRun = runId == null || runId.isBlank();
        if (ownRun && (experimentId == null || experimentId.isBlank())) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this), "give --run (or RATCHET_RUN_ID) or --experiment to create a run in");
        }
        try (RatchetClient client = RatchetClient.connect(tracking);
                RunLogger run = ownRun ? client.startRun(experimentId, model) : client.run(runId)) {
            try {
                Outputs outputs = train(run);
                run.setTags(Map.of(
                        "predictions_uri",
                        outputs.predictions().toUri().toString(),
                        "model_uri",
                        outputs.model().toUri().toString()));
                if (ownRun) {
                    run.finish();
                }
                System.out.println("run " + run.runId() + ": " + outputs.predictions() + ", " + outputs.model());
                return 0;
            } catch (RuntimeException | XGBoostError | IOException e) {
                if (ownRun) {
                    run.fail(e.getMessage() == null ? e.toString() : e.getMessage());
                }
                throw e;
            }
        }
    }

    /** Where the outputs went. */
    record Outputs(Path predictions, Path model) {}

    Outputs train(RunLogger run) throws XGBoostError, IOException {
        TabularData trainData = TabularData.read(train);
        TabularData validationData = TabularData.read(validation);
        TabularData testData = TabularData.read(test);
        List<String> labels = new ArrayList<>(new TreeSet<>(List.of(trainData.values(label))));
        if (labels.size() != 2) {
            throw new IllegalArgumentException("the label '" + label + "' has " + labels.size() + " values in " + train
                    + " (" + labels + "); this trainer is for binary classification");
        }
        String positiveLabel = positive == null ? labels.get(1) : positive;
        if (!labels.contains(positiveLabel)) {
            throw new IllegalArgumentException("--positive " + positiveLabel + " is not one of " + labels);
        }
        String negativeLabel = labels.get(0).equals(positiveLabel) ? labels.get(1) : labels.get(0);
        Set<String> excluded = new HashSet<>(ids);
        excluded.add(label);
        Features features = Features.fit(trainData, excluded);

        Map<String, Object> params = params(positiveRate(trainData, positiveLabel));
        run.logParams(logged(params));
        run.logDataset(train, DatasetRole.DATASET_ROLE_TRAIN);
        run.logDataset(validation, DatasetRole.DATASET_ROLE_VALIDATION);
        run.logDataset(test, DatasetRole.DATASET_ROLE_TEST);
        run.logContext(
                Path.of("").toAbsolutePath(),
                seed,
                ProcessHandle.current().info().commandLine().orElse("ratchet-trainer"));

        Scaling scaling = model.equals("simple")
                ? Scaling.fit(features.matrix(trainData), features.list())
                : Scaling.identity(features.list().size());
        DMatrix trainMatrix = matrix(trainData, features, scaling, positiveLabel);
        DMatrix validationMatrix = matrix(validationData, features, scaling, positiveLabel);
        RatchetClient.systemMetricsInterval()
                .ifPresent(every -> run.watchSystem(SystemMetrics.forThisMachine(), every));
        Booster booster = Boosting.train(trainMatrix, validationMatrix, params, rounds, round -> {
            run.countSamples(trainData.rows().size());
            round.metrics()
                    .forEach((set, values) -> values.forEach((metric, value) -> run.logMetric(
                            metric,
                            value,
                            round.number(),
                            set.equals("train")
                                    ? MetricContext.METRIC_CONTEXT_TRAIN
                                    : MetricContext.METRIC_CONTEXT_VALIDATION)));
        });
        run.flush();

        float[][] probabilities = booster.predict(new DMatrix(
                scaling.apply(features.matrix(testData)),
                testData.rows().size(),
                features.list().size(),
                Float.NaN));
        Path directory = out.resolve(run.runId());
        Files.createDirectories(directory);
        Path predictions = directory.resolve("predictions.csv");
        writePredictions(testData, probabilities, positiveLabel, negativeLabel, predictions);
        OnnxExport.Meta meta = new OnnxExport.Meta(
                features.list(), positiveLabel, negativeLabel, logit((double) params.get("base_score")));
        String[] dump = booster.getModelDump((String) null, false, "json");
        Path onnx = directory.resolve("model.onnx");
        Files.write(
                onnx,
                model.equals("simple") ? OnnxExport.linear(dump[0], scaling, meta) : OnnxExport.trees(dump, meta));
        return new Outputs(predictions, onnx);
    }

    Map<String, Object> params(double positiveRate) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("objective", "binary:logistic");
        params.put("booster", model.equals("simple") ? "gblinear" : "gbtree");
        params.put("eta", eta);
        params.put("lambda", lambda);
        params.put("alpha", alpha);
        if (model.equals("popular")) {
            params.put("max_depth", maxDepth);
            params.put("min_child_weight", minChildWeight);
            params.put("subsample", subsample);
            params.put("colsample_bytree", colsample);
        } else {
            params.put("updater", "coord_descent"); // deterministic, unlike the parallel shotgun updater
        }
        params.put("base_score", positiveRate); // set, not estimated, so the ONNX model can carry it
        params.put("seed", seed);
        params.put("nthread", 1);
        return params;
    }

    private Map<String, Object> logged(Map<String, Object> params) {
        Map<String, Object> logged = new LinkedHashMap<>(params);
        logged.remove("nthread");
        logged.remove("base_score");
        logged.put("model", model);
        logged.put("rounds", rounds);
        return logged;
    }

    private DMatrix matrix(TabularData data, Features features, Scaling scaling, String positiveLabel)
            throws XGBoostError {
        DMatrix matrix = new DMatrix(
                scaling.apply(features.matrix(data)),
                data.rows().size(),
                features.list().size(),
                Float.NaN);
        String[] labels = data.values(label);
        float[] y = new float[labels.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = labels[i].equals(positiveLabel) ? 1 : 0;
        }
        matrix.setLabel(y);
        return matrix;
    }

    private double positiveRate(TabularData data, String positiveLabel) {
        String[] labels = data.values(label);
        long positives = Arrays.stream(labels).filter(positiveLabel::equals).count();
        return (double) positives / labels.length;
    }

    private static double logit(double p) {
        return Math.log(p / (1 - p));
    }

    /** The test rows as they were, then {@code predicted} and {@code probability} (of the positive label). */
    private static void writePredictions(
            TabularData test, float[][] probabilities, String positiveLabel, String negativeLabel, Path file)
            throws IOException {
        try (SequenceWriter writer = new CsvMapper()
                .writerFor(String[].class)
                .with(CsvSchema.emptySchema())
                .writeValues(file.toFile())) {
            List<String> header = new ArrayList<>(test.header());
            header.add("predicted");
            header.add("probability");
            writer.write(header.toArray(String[]::new));
            for (int r = 0; r < test.rows().size(); r++) {
                String[] row = Arrays.copyOf(test.rows().get(r), header.size());
                double p = probabilities[r][0];
                row[header.size() - 2] = p >= 0.5 ? positiveLabel : negativeLabel;
                row[header.size() - 1] = Float.toString((float) p);
                writer.write(row);
            }
        }
    }
}
