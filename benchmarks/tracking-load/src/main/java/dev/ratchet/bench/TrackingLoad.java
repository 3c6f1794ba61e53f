package dev.ratchet.bench;

import com.google.protobuf.Timestamp;
import dev.ratchet.events.v1.MetricContext;
import dev.ratchet.events.v1.MetricPoint;
import dev.ratchet.tracking.v1.CreateExperimentRequest;
import dev.ratchet.tracking.v1.CreateRunRequest;
import dev.ratchet.tracking.v1.GetMetricHistoryRequest;
import dev.ratchet.tracking.v1.GetMetricHistoryResponse;
import dev.ratchet.tracking.v1.LogBatchRequest;
import dev.ratchet.tracking.v1.SearchRunsRequest;
import dev.ratchet.tracking.v1.TrackingServiceGrpc;
import dev.ratchet.tracking.v1.TrackingServiceGrpc.TrackingServiceBlockingStub;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Drives a running tracking service over gRPC and prints its figures as a Markdown table.
 * Every scenario creates its own experiment, so runs do not disturb each other; nothing is deleted.
 */
@Command(
        name = "tracking-load",
        mixinStandardHelpOptions = true,
        description = "Load a running tracking service and report latency and throughput.")
public class TrackingLoad implements Runnable {
    @Option(names = "--target", defaultValue = "127.0.0.1:9101", description = "tracking's gRPC address")
    String target;

    @Option(names = "--latency-calls", defaultValue = "2000", description = "LogBatch calls of one point")
    int latencyCalls;

    @Option(
            names = "--warmup-calls",
            defaultValue = "5000",
            description = "calls before measuring: the services' JIT needs them on 2 cores")
    int warmupCalls;

    @Option(names = "--runs", defaultValue = "100", description = "concurrent runs during ingestion")
    int runs;

    @Option(names = "--points-per-run", defaultValue = "20000", description = "points each run logs")
    int pointsPerRun;

    @Option(names = "--batch", defaultValue = "1000", description = "points per LogBatch during ingestion")
    int batch;

    @Option(names = "--clients", defaultValue = "8", description = "client threads during ingestion")
    int clients;

    @Option(names = "--long-series", defaultValue = "1000000", description = "points of the series read downsampled")
    int longSeries;

    @Option(names = "--full-series", defaultValue = "100000", description = "points of the series read whole")
    int fullSeries;

    @Option(names = "--search-runs", defaultValue = "10000", description = "runs the search scans")
    int searchRuns;

    @Option(names = "--repeats", defaultValue = "20", description = "repeats of each read")
    int repeats;

    @Option(
            names = "--mlflow",
            description = "tracking's HTTP address (e.g. http://127.0.0.1:8101): also measure "
                    + "MLflow's REST API — runs/log-batch ingestion and a whole history through metrics/get-history")
    String mlflow;

    @Option(
            names = "--mlflow-points-per-run",
            defaultValue = "5000",
            description = "points each run logs through runs/log-batch")
    int mlflowPointsPerRun;

    @Option(
            names = "--only",
            split = ",",
            description = "run only these scenarios: latency, ingestion, history, "
                    + "search, mlflow (default: all; mlflow needs --mlflow)")
    Set<String> only = Set.of();

    private final List<String[]> rows = new ArrayList<>();

    public static void main(String[] args) {
        System.exit(new CommandLine(new TrackingLoad()).execute(args));
    }

    @Override
    public void run() {
        ManagedChannel channel = ManagedChannelBuilder.forTarget(target)
                .usePlaintext()
                .maxInboundMessageSize(64 * 1024 * 1024)
                .build();
        try {
            TrackingServiceBlockingStub tracking = TrackingServiceGrpc.newBlockingStub(channel);
            if (selected("latency")) {
                logBatchLatency(tracking);
            }
            if (selected("ingestion")) {
                ingestion(tracking);
            }
            if (selected("history")) {
                history(tracking);
            }
            if (selected("search")) {
                search(tracking);
            }
            if (mlflow != null && selected("mlflow")) {
                mlflowApi(tracking);
            }
            report();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            channel.shutdownNow();
        }
    }

    private void logBatchLatency(TrackingServiceBlockingStub tracking) {
        String runId = newRun(tracking, "latency");
        for (int i = 0; i < warmupCalls; i++) {
            tracking.logBatch(LogBatchRequest.newBuilder()
                    .setRunId(runId)
                    .addMetrics(point("warm", i, i))
                    .build());
        }
        long[] nanos = new long[latencyCalls];
        for (int i = 0; i < latencyCalls; i++) {
            LogBatchRequest request = LogBatchRequest.newBuilder()
                    .setRunId(runId)
                    .addMetrics(point("loss", i, 1.0 / (i + 1)))
                    .build();
            long start = System.nanoTime();
            tracking.logBatch(request);
            nanos[i] = System.nanoTime() - start;
        }
        Stats stats = Stats.ofNanos(nanos);
        rows.add(new String[] {"`LogBatch` of one point, round trip", stats.describe(), "median < 3 ms"});
    }

    private void ingestion(TrackingServiceBlockingStub tracking) throws Exception {
        String measured = ingest(tracking, "ingest", pointsPerRun, batch, (runId, first, end) -> {
            LogBatchRequest.Builder request = LogBatchRequest.newBuilder().setRunId(runId);
            for (int step = first; step < end; step++) {
                request.addMetrics(point("loss", step, Math.exp(-step / 5000.0)));
            }
            tracking.logBatch(request.build());
        });
        rows.add(new String[] {
            String.format(
                    "ingestion: %d runs × %,d points, %d clients, batches of %,d", runs, pointsPerRun, clients, batch),
            measured,
            "≥ 100,000 points/s"
        });
    }

    /** Sends the points of steps [first, end) of one run. */
    private interface BatchSender {
        void send(String runId, int first, int end) throws Exception;
    }

    /**
     * {@code runs} new runs, each sent {@code perRun} points in batches by {@code clients} threads;
     * then every run's series is read back whole (durable and visible). Returns both rates.
     */
    private String ingest(
            TrackingServiceBlockingStub tracking, String kind, int perRun, int perBatch, BatchSender sender)
            throws Exception {
        List<String> runIds = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            runIds.add(newRun(tracking, kind));
        }
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        List<Future<?>> work = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            work.add(pool.submit(() -> {
                for (int r = client; r < runIds.size(); r += clients) {
                    for (int first = 0; first < perRun; first += perBatch) {
                        sender.send(runIds.get(r), first, Math.min(perRun, first + perBatch));
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : work) {
            f.get();
        }
        long accepted = System.nanoTime() - start;
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.MINUTES);
        for (String runId : runIds) {
            long total = tracking.getMetricHistory(GetMetricHistoryRequest.newBuilder()
                            .setRunId(runId)
                            .setKey("loss")
                            .setMaxPoints(4)
                            .build())
                    .getTotalPoints();
            check(total == perRun, "run " + runId + " has " + total + " points, expected " + perRun);
        }
        long visible = System.nanoTime() - start;
        long points = (long) runs * perRun;
        return String.format(
                "%,.0f points/s accepted; %,.0f points/s accepted and verified visible",
                points / (accepted / 1e9), points / (visible / 1e9));
    }

    private void history(TrackingServiceBlockingStub tracking) {
        String longRun = filledRun(tracking, longSeries);
        Stats downsampled = time(() -> {
            GetMetricHistoryResponse r = tracking.getMetricHistory(GetMetricHistoryRequest.newBuilder()
                    .setRunId(longRun)
                    .setKey("loss")
                    .setMaxPoints(1000)
                    .build());
            check(r.getDownsampled() && r.getPointsCount() <= 1000, "downsampled read");
        });
        rows.add(new String[] {
            String.format("`GetMetricHistory`: %,d points downsampled to 1,000", longSeries),
            downsampled.describe(),
            "median < 100 ms"
        });
        String fullRun = filledRun(tracking, fullSeries);
        Stats whole = time(() -> {
            GetMetricHistoryResponse r = tracking.getMetricHistory(GetMetricHistoryRequest.newBuilder()
                    .setRunId(fullRun)
                    .setKey("loss")
                    .setMaxPoints(fullSeries)
                    .build());
            check(!r.getDownsampled() && r.getPointsCount() == fullSeries, "whole read");
        });
        rows.add(new String[] {
            String.format("`GetMetricHistory`: the whole %,d-point series", fullSeries),
            whole.describe(),
            "median < 300 ms"
        });
    }

    private boolean selected(String scenario) {
        return only.isEmpty() || only.contains(scenario);
    }

    private void search(TrackingServiceBlockingStub tracking) throws Exception {
        String experimentId = tracking.createExperiment(CreateExperimentRequest.newBuilder()
                        .setName("bench-search-" + UUID.randomUUID())
                        .build())
                .getExperiment()
                .getExperimentId();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> work = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            work.add(pool.submit(() -> {
                for (int i = client; i < searchRuns; i += clients) {
                    String runId = tracking.createRun(CreateRunRequest.newBuilder()
                                    .setExperimentId(experimentId)
                                    .setName("run-" + i)
                                    .build())
                            .getRun()
                            .getRunId();
                    tracking.logBatch(LogBatchRequest.newBuilder()
                            .setRunId(runId)
                            .putParams("model", i % 3 == 0 ? "xgb" : i % 3 == 1 ? "logreg" : "mlp")
                            .putTags("approach", i % 2 == 0 ? "popular" : "simple")
                            .addMetrics(point("val_f1", 0, (i * 7919 % 1000) / 1000.0))
                            .build());
                }
            }));
        }
        for (Future<?> f : work) {
            f.get();
        }
        pool.shutdown();
        Stats stats = time(() -> tracking.searchRuns(SearchRunsRequest.newBuilder()
                .setFilter("metrics.val_f1 > 0.8 and params.model = 'xgb' and tags.approach = 'popular'")
                .addOrderBy("metrics.val_f1 DESC")
                .setMaxResults(100)
                .build()));
        rows.add(new String[] {
            String.format(
                    "`SearchRuns`: three clauses ordered by a metric, over %,d runs "
                            + "(all experiments), first page of 100",
                    searchRuns),
            stats.describe(),
            "median < 200 ms at 100,000 runs"
        });
    }

    /**
     * The same loads through MLflow's REST API, as its clients send them: JSON batches of MLflow's
     * maximum of 1,000 metrics to runs/log-batch, and a whole history read from metrics/get-history.
     */
    private void mlflowApi(TrackingServiceBlockingStub tracking) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        int perBatch = Math.min(batch, 1000);
        String measured = ingest(tracking, "mlflow", mlflowPointsPerRun, perBatch, (runId, first, end) -> {
            StringBuilder body =
                    new StringBuilder("{\"run_id\": \"").append(runId).append("\", \"metrics\": [");
            for (int step = first; step < end; step++) {
                body.append(step == first ? "" : ", ")
                        .append("{\"key\": \"loss\", \"value\": ")
                        .append(Math.exp(-step / 5000.0))
                        .append(", \"timestamp\": ")
                        .append(1_700_000_000_000L + step)
                        .append(", \"step\": ")
                        .append(step)
                        .append('}');
            }
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(mlflow + "/api/2.0/mlflow/runs/log-batch"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    body.append("]}").toString()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            check(response.statusCode() == 200, "runs/log-batch: " + response.body());
        });
        rows.add(new String[] {
            String.format(
                    "MLflow API ingestion: `runs/log-batch`, %d runs × %,d points, %d clients," + " batches of %,d",
                    runs, mlflowPointsPerRun, clients, perBatch),
            measured,
            "≥ 20 × MLflow 2.10's 3–5k points/s"
        });

        String fullRun = filledRun(tracking, fullSeries);
        URI history = URI.create(mlflow + "/api/2.0/mlflow/metrics/get-history?run_id=" + fullRun + "&metric_key=loss");
        Stats whole = time(() -> {
            try {
                HttpResponse<String> response =
                        http.send(HttpRequest.newBuilder(history).build(), HttpResponse.BodyHandlers.ofString());
                check(
                        response.statusCode() == 200 && response.body().split("\"step\"", -1).length - 1 == fullSeries,
                        "metrics/get-history returned the whole series");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        rows.add(new String[] {
            String.format("MLflow API: `metrics/get-history` of a whole %,d-point series", fullSeries),
            whole.describe(),
            "≤ 1/20 of MLflow 2.10's 9–13 s"
        });
    }

    private String filledRun(TrackingServiceBlockingStub tracking, int points) {
        String runId = newRun(tracking, "series");
        for (int first = 0; first < points; first += 10_000) {
            LogBatchRequest.Builder request = LogBatchRequest.newBuilder().setRunId(runId);
            for (int step = first; step < Math.min(points, first + 10_000); step++) {
                request.addMetrics(point("loss", step, Math.sin(step / 1000.0) + step * 1e-6));
            }
            tracking.logBatch(request.build());
        }
        return runId;
    }

    private Stats time(Runnable call) {
        for (int i = 0; i < 3; i++) {
            call.run(); // warm-up
        }
        long[] nanos = new long[repeats];
        for (int i = 0; i < repeats; i++) {
            long start = System.nanoTime();
            call.run();
            nanos[i] = System.nanoTime() - start;
        }
        return Stats.ofNanos(nanos);
    }

    private void report() throws Exception {
        String cpu = Files.lines(Path.of("/proc/cpuinfo"))
                .filter(l -> l.startsWith("model name"))
                .findFirst()
                .map(l -> l.substring(l.indexOf(':') + 1).strip())
                .orElse("unknown CPU");
        long memGiB = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                        .getTotalMemorySize()
                >> 30;
        System.out.printf(
                "Machine: %d cores (%s), %d GiB, %s %s, Java %s; client and services on one machine, "
                        + "loopback; %s%n%n",
                Runtime.getRuntime().availableProcessors(),
                cpu,
                memGiB,
                System.getProperty("os.name"),
                System.getProperty("os.version"),
                System.getProperty("java.version"),
                LocalDate.now());
        System.out.println("| scenario | measured | target (issue) |");
        System.out.println("|---|---|---|");
        for (String[] row : rows) {
            System.out.println(row(row));
        }
    }

    private static String row(String[] cells) {
        return List.of(cells).stream().collect(Collectors.joining(" | ", "| ", " |"));
    }

    private static String newRun(TrackingServiceBlockingStub tracking, String kind) {
        String experimentId = tracking.createExperiment(CreateExperimentRequest.newBuilder()
                        .setName("bench-" + kind + "-" + UUID.randomUUID())
                        .build())
                .getExperiment()
                .getExperimentId();
        return tracking.createRun(CreateRunRequest.newBuilder()
                        .setExperimentId(experimentId)
                        .build())
                .getRun()
                .getRunId();
    }

    private static MetricPoint point(String key, long step, double value) {
        return MetricPoint.newBuilder()
                .setKey(key)
                .setStep(step)
                .setValue(value)
                .setContext(MetricContext.METRIC_CONTEXT_TRAIN)
                .setTimestamp(Timestamp.newBuilder().setSeconds(1_700_000_000L + step))
                .build();
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException(what + " returned an unexpected answer");
        }
    }
}
