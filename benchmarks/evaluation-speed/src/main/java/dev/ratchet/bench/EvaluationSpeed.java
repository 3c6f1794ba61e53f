package dev.ratchet.bench;

import dev.ratchet.evaluation.data.Table;
import dev.ratchet.evaluation.engine.Evaluator;
import dev.ratchet.evaluation.v1.EvaluateRequest;
import dev.ratchet.evaluation.v1.Evaluation;
import dev.ratchet.evaluation.v1.EvaluationReport;
import dev.ratchet.evaluation.v1.EvaluationServiceGrpc;
import dev.ratchet.events.v1.EvaluationOptions;
import dev.ratchet.events.v1.MetricValue;
import dev.ratchet.events.v1.PredictionFile;
import dev.ratchet.events.v1.PredictionSource;
import dev.ratchet.events.v1.ScoreColumn;
import dev.ratchet.events.v1.SliceSpec;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.BufferedWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The evaluation engine on a large binary test set, in one process: the anchor of the evaluation
 * issue (10 million predictions, slice columns of 10, 50 and 5 values with skewed sizes).
 */
@Command(
        name = "evaluation-speed",
        mixinStandardHelpOptions = true,
        description = "Times loading and evaluating a generated test set of binary predictions.")
public class EvaluationSpeed implements Callable<Integer> {
    @Option(names = "--rows", description = "test-set size (default: ${DEFAULT-VALUE})")
    int rows = 10_000_000;

    @Option(names = "--data", description = "where the generated CSV is kept between runs (default: ${DEFAULT-VALUE})")
    Path data = Path.of("target/evaluation-speed");

    @Option(names = "--resamples", description = "bootstrap resamples (default: ${DEFAULT-VALUE})")
    int resamples = 1000;

    @Option(
            names = "--service",
            description = "evaluate through a running evaluation service at HOST:PORT (gRPC"
                    + " Evaluate with the file's URI, as a user's pipeline does) instead of in this process")
    String service;

    @Option(
            names = "--service-pid",
            description = "the service's process id, to read its peak resident set"
                    + " (bin/ratchet local keeps it in .local/run/evaluation.pid)")
    Long servicePid;

    private final List<String[]> results = new ArrayList<>();

    public static void main(String[] args) {
        System.exit(new CommandLine(new EvaluationSpeed()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path csv = data.resolve("binary-" + rows + ".csv");
        if (!Files.exists(csv)) {
            generate(csv);
        }
        EvaluationOptions options = EvaluationOptions.newBuilder()
                .addScoreColumns(ScoreColumn.newBuilder().setLabel("1").setColumn("score"))
                .addSlices(SliceSpec.newBuilder().addColumns("region"))
                .addSlices(SliceSpec.newBuilder().addColumns("segment"))
                .addSlices(SliceSpec.newBuilder().addColumns("device"))
                .setIntervals(dev.ratchet.events.v1.IntervalOptions.newBuilder().setBootstrapResamples(resamples))
                .setWeakSegments(-1)
                .build();

        if (service != null) {
            return throughService(csv, options);
        }
        long start = System.nanoTime();
        Table table = Evaluator.read(csv.toString(), "label", "predicted", options);
        double loadSeconds = (System.nanoTime() - start) / 1e9;
        result(
                "load CSV (" + Files.size(csv) / (1 << 20) + " MiB, 6 columns)",
                String.format(Locale.ROOT, "%.1f s = %.2f M rows/s", loadSeconds, table.rows() / loadSeconds / 1e6),
                "≥ 1 M rows/s");

        start = System.nanoTime();
        EvaluationReport report =
                Evaluator.evaluate(table, "label", "predicted", options).report();
        double evaluateSeconds = (System.nanoTime() - start) / 1e9;
        long withInterval = report.getMetricsList().stream()
                .filter(MetricValue::hasInterval)
                .count();
        long sliceValues = report.getSlicesList().stream()
                .mapToLong(s -> s.getValuesCount())
                .sum();
        result(
                String.format(
                        Locale.ROOT,
                        "%d overall metrics (%d with a 95 %% interval) + the same for %d slice values",
                        report.getMetricsCount(),
                        withInterval,
                        sliceValues),
                String.format(Locale.ROOT, "%.1f s", evaluateSeconds),
                "< 5 s after loading");

        start = System.nanoTime();
        EvaluationReport weak = Evaluator.evaluate(
                        table,
                        "label",
                        "predicted",
                        options.toBuilder().setWeakSegments(10).clearSlices().build())
                .report();
        result(
                "weak-segment discovery (3 columns and their crosses, top 10), with overall metrics",
                String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - start) / 1e9),
                "—");
        System.gc();
        long live = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        result(
                "memory: peak resident set of the whole process (VmHWM: the JVM, loading and both evaluations);"
                        + " heap limit (-Xmx); live heap after a full GC with the test set and reports held",
                String.format(
                        Locale.ROOT,
                        "%d MiB; %d MiB; %d MiB",
                        peakResidentKib() >> 10,
                        Runtime.getRuntime().maxMemory() >> 20,
                        live >> 20),
                "< 1 GiB peak");
        if (report.getMetricsCount() == 0 || weak.getMetricsCount() == 0) {
            throw new IllegalStateException("no metrics");
        }
        report(report, weak);
        return 0;
    }

    /**
     * The user's path: the file's URI in a gRPC Evaluate to the running service, which reads,
     * evaluates, stores and announces it; timed from the call to the answer.
     */
    private int throughService(Path csv, EvaluationOptions options) throws Exception {
        ManagedChannel channel = ManagedChannelBuilder.forTarget(service)
                .usePlaintext()
                .maxInboundMessageSize(8 << 20)
                .build();
        try {
            EvaluationServiceGrpc.EvaluationServiceBlockingStub evaluation =
                    EvaluationServiceGrpc.newBlockingStub(channel);
            long start = System.nanoTime();
            Evaluation result = evaluation
                    .evaluate(EvaluateRequest.newBuilder()
                            .setRunId(java.util.UUID.randomUUID().toString())
                            .setSource(PredictionSource.newBuilder()
                                    .setFile(PredictionFile.newBuilder()
                                            .setUri(csv.toAbsolutePath().toUri().toString())
                                            .setLabelColumn("label")
                                            .setPredictionColumn("predicted")))
                            .setOptions(options)
                            .build())
                    .getEvaluation();
            double seconds = (System.nanoTime() - start) / 1e9;
            if (result.getStatus() != dev.ratchet.events.v1.EvaluationStatus.EVALUATION_STATUS_SUCCEEDED) {
                throw new IllegalStateException("the evaluation failed: " + result.getFailureMessage());
            }
            long sliceValues = result.getReport().getSlicesList().stream()
                    .mapToLong(sl -> sl.getValuesCount())
                    .sum();
            result(
                    String.format(
                            Locale.ROOT,
                            "through the service (gRPC Evaluate of the %d MiB file): read, %d overall"
                                    + " metrics and %d slice values with intervals, stored, announced",
                            Files.size(csv) >> 20,
                            result.getReport().getMetricsCount(),
                            sliceValues),
                    String.format(Locale.ROOT, "%.1f s", seconds),
                    "faster than pandas + scikit-learn");
            if (servicePid != null) {
                result(
                        "memory: the service's peak resident set (VmHWM, since it started)",
                        (peakResidentKib(Path.of("/proc", servicePid.toString(), "status")) >> 10) + " MiB",
                        "—");
            }
            report(result.getReport(), result.getReport());
            return 0;
        } finally {
            channel.shutdownNow();
        }
    }

    /**
     * A seeded test set: a latent score, the label drawn from it (so the score is calibrated), the
     * label predicted at 0.5, and three slice columns with skewed sizes (geometric-like weights).
     */
    private void generate(Path csv) throws Exception {
        Files.createDirectories(csv.getParent());
        SplittableRandom random = new SplittableRandom(20261128);
        try (BufferedWriter out = Files.newBufferedWriter(csv)) {
            out.write("label,score,predicted,region,segment,device\n");
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < rows; i++) {
                int region = skewed(random, 10);
                int segment = skewed(random, 50);
                int device = skewed(random, 5);
                double latent = random.nextGaussian() * 1.5 - 0.3 + 0.05 * region - 0.2 * (device == 4 ? 1 : 0);
                double score = 1 / (1 + Math.exp(-latent));
                int label = random.nextDouble() < score ? 1 : 0;
                line.setLength(0);
                line.append(label)
                        .append(',')
                        .append(String.format(Locale.ROOT, "%.6f", score))
                        .append(',')
                        .append(score >= 0.5 ? 1 : 0)
                        .append(",r")
                        .append(region)
                        .append(",s")
                        .append(segment)
                        .append(",d")
                        .append(device)
                        .append('\n');
                out.write(line.toString());
            }
        }
    }

    /** Value v with weight 1/(v+1): the first value is the largest slice. */
    private static int skewed(SplittableRandom random, int values) {
        double total = 0;
        for (int v = 0; v < values; v++) {
            total += 1.0 / (v + 1);
        }
        double u = random.nextDouble() * total;
        for (int v = 0; v < values; v++) {
            u -= 1.0 / (v + 1);
            if (u <= 0) {
                return v;
            }
        }
        return values - 1;
    }

    /** The process's peak resident set size in KiB, from Linux's /proc/self/status. */
    private static long peakResidentKib() throws Exception {
        return peakResidentKib(Path.of("/proc/self/status"));
    }

    private static long peakResidentKib(Path status) throws Exception {
        return Files.lines(status)
                .filter(l -> l.startsWith("VmHWM:"))
                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
                .findFirst()
                .orElse(-1L);
    }

    private void result(String scenario, String measured, String target) {
        results.add(new String[] {scenario, measured, target});
        System.err.println(scenario + ": " + measured);
    }

    private void report(EvaluationReport report, EvaluationReport weak) throws Exception {
        String cpu = Files.lines(Path.of("/proc/cpuinfo"))
                .filter(l -> l.startsWith("model name"))
                .findFirst()
                .map(l -> l.substring(l.indexOf(':') + 1).strip())
                .orElse("unknown CPU");
        System.out.printf(
                "Machine: %d cores (%s), %s %s, Java %s, %s; %d rows, %d bootstrap resamples%n%n",
                Runtime.getRuntime().availableProcessors(),
                cpu,
                System.getProperty("os.name"),
                System.getProperty("os.version"),
                System.getProperty("java.version"),
                LocalDate.now(),
                rows,
                resamples);
        System.out.println("| scenario | measured | target (issue) |");
        System.out.println("|---|---|---|");
        for (String[] row : results) {
            System.out.println("| " + String.join(" | ", row) + " |");
        }
        System.out.println();
        for (MetricValue m : report.getMetricsList()) {
            System.out.printf(
                    Locale.ROOT,
                    "  %-20s %.6f %s%n",
                    m.getName(),
                    m.getValue(),
                    m.hasInterval()
                            ? String.format(
                                    Locale.ROOT,
                                    "[%.6f, %.6f] %s",
                                    m.getInterval().getLower(),
                                    m.getInterval().getUpper(),
                                    m.getInterval().getMethod())
                            : "(no interval)");
        }
        weak.getWeakSegmentsList().stream()
                .limit(3)
                .forEach(s ->
                        System.out.printf(Locale.ROOT, "  weak segment %s (%d rows)%n", s.getName(), s.getSupport()));
    }
}
