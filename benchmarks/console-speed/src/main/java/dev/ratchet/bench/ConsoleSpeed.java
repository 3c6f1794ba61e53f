package dev.ratchet.bench;

import com.google.protobuf.Timestamp;
import dev.ratchet.events.v1.MetricContext;
import dev.ratchet.events.v1.MetricPoint;
import dev.ratchet.tracking.v1.CreateExperimentRequest;
import dev.ratchet.tracking.v1.CreateRunRequest;
import dev.ratchet.tracking.v1.LogBatchRequest;
import dev.ratchet.tracking.v1.TrackingServiceGrpc;
import dev.ratchet.tracking.v1.TrackingServiceGrpc.TrackingServiceBlockingStub;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The console's speed as a user meets it: an experiment loaded through tracking's public gRPC API
 * (runs with params and metric series, some with long histories, one with a million points), then
 * each page opened in headless Chromium and timed with the browser's own Performance API — from
 * the navigation's start to the mark the page sets when its data is drawn.
 */
@Command(
        name = "console-speed",
        mixinStandardHelpOptions = true,
        description = "Loads an experiment into a running suite and times the console's pages in Chromium.")
public class ConsoleSpeed implements Callable<Integer> {
    @Option(names = "--tracking", defaultValue = "127.0.0.1:9101", description = "tracking gRPC (${DEFAULT-VALUE})")
    String tracking;

    @Option(names = "--console", defaultValue = "http://127.0.0.1:8100", description = "the console (${DEFAULT-VALUE})")
    String console;

    @Option(names = "--runs", defaultValue = "10000", description = "runs in the experiment (${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--params", defaultValue = "20", description = "params per run (${DEFAULT-VALUE})")
    int params;

    @Option(names = "--series", defaultValue = "30", description = "metric series per run (${DEFAULT-VALUE})")
    int series;

    @Option(names = "--long-runs", defaultValue = "100", description = "runs with a long loss curve (${DEFAULT-VALUE})")
    int longRuns;

    @Option(
            names = "--long-points",
            defaultValue = "100000",
            description = "points of each long curve (${DEFAULT-VALUE})")
    int longPoints;

    @Option(
            names = "--huge-points",
            defaultValue = "1000000",
            description = "points of the one huge curve (${DEFAULT-VALUE})")
    int hugePoints;

    @Option(
            names = "--repeats",
            defaultValue = "3",
            description = "timings per page; the median is reported (${DEFAULT-VALUE})")
    int repeats;

    @Option(names = "--threads", defaultValue = "4", description = "loading threads (${DEFAULT-VALUE})")
    int threads;

    private TrackingServiceBlockingStub api;
    private final Random random = new Random(42);
    private final List<String[]> rows = new ArrayList<>();

    public static void main(String[] args) {
        System.exit(new CommandLine(new ConsoleSpeed()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        ManagedChannel channel = ManagedChannelBuilder.forTarget(tracking)
                .usePlaintext()
                .maxInboundMessageSize(64 << 20)
                .build();
        api = TrackingServiceGrpc.newBlockingStub(channel);
        long loadStart = System.nanoTime();
        String experiment = api.createExperiment(CreateExperimentRequest.newBuilder()
                        .setName("console-speed-" + System.currentTimeMillis())
                        .build())
                .getExperiment()
                .getExperimentId();
        List<String> ids = parallel(runs, i -> createRun(experiment, i));
        String huge = ids.get(0);
        parallel(longRuns, i -> {
            logCurve(ids.get(i + 1), longPoints);
            return null;
        });
        logCurve(huge, hugePoints);
        String live = createRun(experiment, runs);
        System.err.printf(
                "loaded %d runs (%d with %d-point curves, one with %d) in %d s%n",
                runs, longRuns, longPoints, hugePoints, (System.nanoTime() - loadStart) / 1_000_000_000L);

        WebDriver browser = chromium();
        try {
            String page = "/experiments/" + experiment;
            time(browser, "experiment page, " + runs + " runs: data painted", "< 1 s", page, "ratchet:painted");
            time(
                    browser,
                    "  sorted by a metric (on the server)",
                    "< 300 ms",
                    page + "?order=" + url("metrics.m00 DESC"),
                    "ratchet:painted");
            time(
                    browser,
                    "  filtered on a metric",
                    "< 300 ms",
                    page + "?filter=" + url("metrics.m00 > 0.5"),
                    "ratchet:painted");
            time(
                    browser,
                    "run page, " + (series + 1) + " curves, one of " + hugePoints + " points",
                    "< 1 s",
                    "/runs/" + huge,
                    "ratchet:painted");
            time(
                    browser,
                    "compare " + longRuns + " ticked runs' curves of " + longPoints + " points",
                    "< 1.5 s",
                    ids.subList(1, 1 + longRuns),
                    "ratchet:curves");
            time(
                    browser,
                    "compare 1,000 runs: parallel coordinates",
                    "< 2 s",
                    "/compare?experiment=" + experiment + "&max=1000",
                    "ratchet:parallel");
            liveLatency(browser, live);
        } finally {
            browser.quit();
            channel.shutdownNow();
        }
        report();
        return 0;
    }

    private String createRun(String experiment, int i) {
        CreateRunRequest.Builder run = CreateRunRequest.newBuilder()
                .setExperimentId(experiment)
                .setName((i >= 1 && i <= longRuns ? "long-" : "run-") + i);
        for (int p = 0; p < params; p++) {
            run.putParams(
                    String.format("p%02d", p),
                    p % 5 == 4
                            ? "choice-" + random.nextInt(4)
                            : Double.toString(Math.round(random.nextDouble() * 1e4) / 1e4));
        }
        String id = api.createRun(run.build()).getRun().getRunId();
        LogBatchRequest.Builder batch = LogBatchRequest.newBuilder()
                .setRunId(id)
                .setBatchId(UUID.randomUUID().toString());
        for (int m = 0; m < series; m++) {
            batch.addMetrics(
                    point(String.format("m%02d", m), 0, random.nextDouble(), MetricContext.METRIC_CONTEXT_VALIDATION));
        }
        api.logBatch(batch.build());
        return id;
    }

    /** A noisy decreasing loss curve, logged 10,000 points a batch. */
    private void logCurve(String runId, int points) {
        for (int from = 0; from < points; from += 10_000) {
            LogBatchRequest.Builder batch = LogBatchRequest.newBuilder()
                    .setRunId(runId)
                    .setBatchId(UUID.randomUUID().toString());
            for (int s = from; s < Math.min(points, from + 10_000); s++) {
                batch.addMetrics(point(
                        "loss",
                        s,
                        1.0 / Math.sqrt(1 + s) + 0.02 * Math.sin(s / 7.0),
                        MetricContext.METRIC_CONTEXT_TRAIN));
            }
            api.logBatch(batch.build());
        }
    }

    private static MetricPoint point(String key, long step, double value, MetricContext context) {
        long now = System.currentTimeMillis();
        return MetricPoint.newBuilder()
                .setKey(key)
                .setStep(step)
                .setValue(value)
                .setContext(context)
                .setTimestamp(Timestamp.newBuilder().setSeconds(now / 1000).setNanos((int) (now % 1000) * 1_000_000))
                .build();
    }

    private <T> List<T> parallel(int count, IntFunction<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit(() -> task.apply(index)));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdown();
            pool.awaitTermination(1, TimeUnit.MINUTES);
        }
    }

    /** Opens the page {@code repeats} times and keeps the median of navigation start → {@code mark}. */
    private void time(WebDriver browser, String what, String target, String path, String mark) {
        time(browser, what, target, () -> browser.get(console + path), mark);
    }

    /** Compare of ticked runs, posted as the experiment page's form posts them. */
    private void time(WebDriver browser, String what, String target, List<String> runIds, String mark) {
        time(
                browser,
                what,
                target,
                () -> {
                    browser.get(console + "/");
                    ((JavascriptExecutor) browser)
                            .executeScript(
                                    "const form = document.createElement('form'); form.method = 'post'; form.action = '/compare';"
                                            + "for (const id of arguments[0]) { const input = document.createElement('input');"
                                            + " input.type = 'hidden'; input.name = 'run'; input.value = id; form.appendChild(input); }"
                                            + "document.body.appendChild(form); form.submit();",
                                    runIds);
                    new WebDriverWait(browser, Duration.ofSeconds(60))
                            .until(d -> d.getCurrentUrl().endsWith("/compare"));
                },
                mark);
    }

    private void time(WebDriver browser, String what, String target, Runnable open, String mark) {
        double[] ms = new double[repeats];
        for (int i = -1; i < repeats; i++) { // the first load warms the JITs and caches up and is not counted
            open.run();
            new WebDriverWait(browser, Duration.ofSeconds(300)).until(d -> (Boolean) ((JavascriptExecutor) d)
                    .executeScript(
                            "return performance.getEntriesByName(arguments[0]).length > 0"
                                    + " || document.querySelector('section.error') !== null",
                            mark));
            List<WebElement> error = browser.findElements(By.cssSelector("section.error .detail"));
            if (!error.isEmpty()) {
                // a page that says a service did not answer is not a measurement: say so instead
                rows.add(new String[] {what, "failed: " + error.get(0).getText(), target});
                return;
            }
            double painted = ((Number) ((JavascriptExecutor) browser)
                            .executeScript("return performance.getEntriesByName(arguments[0])[0].startTime", mark))
                    .doubleValue();
            if (i >= 0) {
                ms[i] = painted;
            }
        }
        rows.add(new String[] {what, summary(ms), target});
    }

    /** A point logged to a running run, until it is drawn on its open page. */
    private void liveLatency(WebDriver browser, String runId) throws InterruptedException {
        browser.get(console + "/runs/" + runId);
        new WebDriverWait(browser, Duration.ofSeconds(60))
                .until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-painted")));
        WebElement plot = browser.findElement(By.cssSelector(".chart[data-key='m00'] .plot"));
        double[] ms = new double[10];
        long step = 1;
        for (int i = 0; i < ms.length; i++) {
            int before = Integer.parseInt(plot.getAttribute("data-points"));
            long sent = System.nanoTime();
            api.logBatch(LogBatchRequest.newBuilder()
                    .setRunId(runId)
                    .setBatchId(UUID.randomUUID().toString())
                    .addMetrics(point("m00", step++, random.nextDouble(), MetricContext.METRIC_CONTEXT_VALIDATION))
                    .build());
            while (Integer.parseInt(plot.getAttribute("data-points")) <= before) {
                if (System.nanoTime() - sent > 30_000_000_000L) {
                    throw new IllegalStateException("a live point was not drawn within 30 s");
                }
                Thread.sleep(10);
            }
            ms[i] = (System.nanoTime() - sent) / 1e6;
        }
        rows.add(new String[] {"live: LogBatch called → the point drawn on the open run page", summary(ms), "< 1 s"});
    }

    private static String summary(double[] ms) {
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        return String.format(
                "%.0f ms (%s)",
                sorted[sorted.length / 2],
                String.join(
                        ", ",
                        Arrays.stream(ms)
                                .mapToObj(v -> String.format("%.0f", v))
                                .toList()));
    }

    private static String url(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static WebDriver chromium() throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(new File("/usr/bin/chromium"));
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1400,1000",
                "--user-data-dir=" + Files.createTempDirectory("console-speed").toAbsolutePath());
        return new ChromeDriver(
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                        .usingAnyFreePort()
                        .build(),
                options);
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
                "Machine: %d cores (%s), %d GiB, %s %s, Java %s, %s; suite, browser and loader on one "
                        + "machine, loopback; the services at their default heaps (bin/ratchet local up)%n",
                Runtime.getRuntime().availableProcessors(),
                cpu,
                memGiB,
                System.getProperty("os.name"),
                System.getProperty("os.version"),
                System.getProperty("java.version"),
                LocalDate.now());
        System.out.printf(
                "Data: %d runs × %d params × %d metric series; %d runs with a %d-point loss curve; "
                        + "one run with a %d-point curve. Median of %d page loads after one warm-up load (each in brackets), "
                        + "navigation start → data painted (Performance API).%n%n",
                runs, params, series, longRuns, longPoints, hugePoints, repeats);
        System.out.println("| page | measured | target (issue) |");
        System.out.println("|---|---|---|");
        for (String[] row : rows) {
            System.out.println("| " + String.join(" | ", row) + " |");
        }
    }
}
