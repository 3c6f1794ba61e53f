package dev.ratchet.examples;

import dev.ratchet.events.v1.MetricContext;
import dev.ratchet.events.v1.MetricPoint;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A training job as a study runs it: logistic regression on the German credit data (predicting a
 * Bad credit), trained by mini-batch gradient descent, one epoch at a time, with the training and
 * validation log loss and the validation accuracy logged to tracking after every epoch — the curves
 * a pruner reads. Hand-written rather than Tribuo's trainer because the study needs a value per epoch.
 * The run id and tracking's address come from RATCHET_RUN_ID and RATCHET_TRACKING_TARGET; without
 * them it trains and prints only.
 */
@Command(
        name = "credit-logistic",
        mixinStandardHelpOptions = true,
        description = "Logistic regression on german_credit.csv, logging loss curves to Ratchet tracking.")
public final class CreditLogistic implements Callable<Integer> {
    @Option(names = "--data", required = true, description = "german_credit.csv")
    Path data;

    @Option(names = "--learning-rate", defaultValue = "0.05")
    double learningRate;

    @Option(names = "--l2", defaultValue = "0.0001", description = "L2 penalty on the weights")
    double l2;

    @Option(names = "--batch-size", defaultValue = "32")
    int batchSize;

    @Option(names = "--epochs", defaultValue = "30")
    int epochs;

    @Option(names = "--seed", defaultValue = "0", description = "shuffles the split and the batches")
    long seed;

    @Override
    public Integer call() throws Exception {
        CreditData.Split split = CreditData.load(data).split(0.3, seed);
        LogisticModel model = new LogisticModel(split.train().features()[0].length);
        String runId = System.getenv("RATCHET_RUN_ID");
        String target = System.getenv("RATCHET_TRACKING_TARGET");
        try (TrackingLog log = runId == null || target == null ? null : new TrackingLog(target, runId)) {
            java.util.Random random = new java.util.Random(seed);
            for (int epoch = 0; epoch < epochs; epoch++) {
                long start = System.nanoTime();
                model.trainEpoch(split.train(), learningRate, l2, batchSize, random);
                double seconds = (System.nanoTime() - start) / 1e9;
                double trainLoss = model.logLoss(split.train());
                double validationLoss = model.logLoss(split.validation());
                double accuracy = model.accuracy(split.validation());
                System.out.printf(
                        "epoch %d: train loss %.5f, validation loss %.5f, accuracy %.4f%n",
                        epoch, trainLoss, validationLoss, accuracy);
                if (!Double.isFinite(validationLoss)) {
                    System.err.println("diverged at epoch " + epoch + ": lower the learning rate");
                    return 2;
                }
                if (log != null) {
                    List<MetricPoint> points = new ArrayList<>();
                    points.add(point("loss", trainLoss, epoch, MetricContext.METRIC_CONTEXT_TRAIN));
                    points.add(point("loss", validationLoss, epoch, MetricContext.METRIC_CONTEXT_VALIDATION));
                    points.add(point("accuracy", accuracy, epoch, MetricContext.METRIC_CONTEXT_VALIDATION));
                    points.add(point(
                            "system/samples_per_second",
                            split.train().labels().length / seconds,
                            epoch,
                            MetricContext.METRIC_CONTEXT_TRAIN));
                    log.log(points);
                }
            }
        }
        return 0;
    }

    private static MetricPoint point(String key, double value, int step, MetricContext context) {
        return MetricPoint.newBuilder()
                .setKey(key)
                .setValue(value)
                .setStep(step)
                .setContext(context)
                .build();
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new CreditLogistic()).execute(args));
    }
}
