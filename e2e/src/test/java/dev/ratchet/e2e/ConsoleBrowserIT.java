package dev.ratchet.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Timestamp;
import dev.ratchet.bench.ConsoleSpeed;
import dev.ratchet.cli.demo.DemoCommand;
import dev.ratchet.common.artifacts.ArtifactUpload;
import dev.ratchet.evaluation.v1.EvaluateRequest;
import dev.ratchet.evaluation.v1.EvaluationServiceGrpc;
import dev.ratchet.evaluation.v1.ProfileDatasetRequest;
import dev.ratchet.evaluation.v1.ProfiledFile;
import dev.ratchet.evaluation.v1.SplitDatasetRequest;
import dev.ratchet.evaluation.v1.SplitDatasetResponse;
import dev.ratchet.evaluation.v1.SplitStrategy;
import dev.ratchet.events.v1.ColumnProfile;
import dev.ratchet.events.v1.DataProfile;
import dev.ratchet.events.v1.EvaluationOptions;
import dev.ratchet.events.v1.InlinePredictions;
import dev.ratchet.events.v1.MetricContext;
import dev.ratchet.events.v1.MetricPoint;
import dev.ratchet.events.v1.PartProfile;
import dev.ratchet.events.v1.PredictionFile;
import dev.ratchet.events.v1.PredictionSource;
import dev.ratchet.orchestration.v1.AskTrialRequest;
import dev.ratchet.orchestration.v1.CreateStudyRequest;
import dev.ratchet.orchestration.v1.Direction;
import dev.ratchet.orchestration.v1.FloatRange;
import dev.ratchet.orchestration.v1.Objective;
import dev.ratchet.orchestration.v1.OrchestrationServiceGrpc;
import dev.ratchet.orchestration.v1.ParamSpec;
import dev.ratchet.orchestration.v1.SamplerKind;
import dev.ratchet.orchestration.v1.SamplerSpec;
import dev.ratchet.orchestration.v1.SearchSpace;
import dev.ratchet.orchestration.v1.StudyTrial;
import dev.ratchet.orchestration.v1.TellTrialRequest;
import dev.ratchet.orchestration.v1.TrialState;
import dev.ratchet.testing.LocalKafka;
import dev.ratchet.testing.ServiceProcess;
import dev.ratchet.tracking.v1.CreateExperimentRequest;
import dev.ratchet.tracking.v1.CreateIdeaRequest;
import dev.ratchet.tracking.v1.CreateRunRequest;
import dev.ratchet.tracking.v1.LogBatchRequest;
import dev.ratchet.tracking.v1.MetricDirection;
import dev.ratchet.tracking.v1.Run;
import dev.ratchet.tracking.v1.RunStatus;
import dev.ratchet.tracking.v1.SetBaselineRequest;
import dev.ratchet.tracking.v1.TrackingServiceGrpc;
import dev.ratchet.tracking.v1.UpdateRunRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import picocli.CommandLine;

/**
 * The console in a real headless Chromium (Debian's chromium and chromedriver), over the four
 * services as processes: data made through the public gRPC APIs, each page opened and read —
 * values, the baseline mark, an image in the gallery, a chart's series, a filter's error — a click
 * from experiment to compare, and a live curve growing while a job logs. Screenshots go to
 * target/screenshots.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {
    private static final String DATABASE = "ratchet_console_e2e";
    private static final String ADMIN_URL =
            System.getenv().getOrDefault("RATCHET_TEST_ADMIN_DB_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
    private static final String DB_USER = System.getenv().getOrDefault("RATCHET_DB_USER", "postgres");
    private static final int CONSOLE_PORT = 26100;
    private static final String CONSOLE = "http://127.0.0.1:" + CONSOLE_PORT;

    private static final List<ServiceProcess> services = new ArrayList<>();
    private static final List<ManagedChannel> channels = new ArrayList<>();
    private static TrackingServiceGrpc.TrackingServiceBlockingStub tracking;
    private static ManagedChannel trackingChannel;
    private static WebDriver browser;

    private static String experimentId;
    private static String experimentName;
    private static Run baseline;
    private static Run candidate;
    private static Run live;
    private static String evaluationId;
    private static String imageEvaluationId;
    private static String studyId;
    private static double accuracy;
    private static DataProfile splitProfile;
    private static OrchestrationServiceGrpc.OrchestrationServiceBlockingStub orchestration;

    @BeforeAll
    static void startSuiteAndBrowser() throws Exception {
        try (Connection admin = DriverManager.getConnection(ADMIN_URL, DB_USER, "");
                Statement sql = admin.createStatement()) {
            sql.execute("drop database if exists " + DATABASE + " with (force)");
            sql.execute("create database " + DATABASE);
        }
        Map<String, String> env = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS",
                LocalKafka.bootstrapServers(),
                "RATCHET_DB_URL",
                ADMIN_URL.substring(0, ADMIN_URL.lastIndexOf('/') + 1) + DATABASE,
                "RATCHET_DB_USER",
                DB_USER,
                "RATCHET_ARTIFACTS_ROOT",
                Path.of("target", "console-artifacts").toAbsolutePath().toString(),
                "RATCHET_TRACKING_GRPC_PORT",
                "27101",
                "RATCHET_ORCHESTRATOR_GRPC_PORT",
                "27102",
                "RATCHET_EVALUATION_GRPC_PORT",
                "27103");
        services.add(ServiceProcess.start("tracking", 26101, 27101, env));
        services.add(ServiceProcess.start("orchestrator", 26102, 27102, env));
        services.add(ServiceProcess.start("evaluation", 26103, 27103, env));
        services.add(ServiceProcess.start("console", CONSOLE_PORT, 0, env));
        for (ServiceProcess service : services) {
            service.awaitReady(Duration.ofMinutes(3));
        }
        trackingChannel = channel(27101);
        tracking = TrackingServiceGrpc.newBlockingStub(trackingChannel);
        makeData();
        browser = chromium();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (browser != null) {
            browser.quit();
        }
        channels.forEach(ManagedChannel::shutdownNow);
        for (ServiceProcess service : services) {
            service.close();
        }
    }

    @Test
    @Order(1)
    void theExperimentsPageShowsRunsBaselineAndOpenIdeas() {
        open("/");
        WebElement row = browser.findElement(By.cssSelector("tr[data-experiment='" + experimentId + "']"));
        assertTrue(row.getText().contains(experimentName), row.getText());
        assertEquals("3", row.findElement(By.cssSelector("td.num")).getText());
        assertEquals("0.7", row.findElement(By.cssSelector(".baseline-value")).getText());
        assertTrue(row.getText().contains("Boosted trees beat the baseline"), row.getText());
        screenshot("experiments");
    }

    @Test
    @Order(2)
    void theExperimentPagePinsTheBaselineGroupsTheIdeaAndExplainsABadFilter() {
        open("/experiments/" + experimentId);
        List<WebElement> rows = browser.findElements(By.cssSelector("#runs tr[data-run]"));
        assertEquals(baseline.getRunId(), rows.get(0).getAttribute("data-run"));
        assertTrue(rows.get(0).findElement(By.cssSelector(".mark.baseline")).isDisplayed());
        assertEquals(3, rows.size());
        WebElement idea = browser.findElement(By.cssSelector("tbody[data-idea]"));
        assertTrue(idea.getText().contains("Boosted trees beat the baseline"), idea.getText());
        assertTrue(idea.getText().contains("boosted"), idea.getText());
        screenshot("experiment");

        WebElement filter = browser.findElement(By.name("filter"));
        filter.sendKeys("metrics.auc >");
        navigateBy(filter::submit);
        String error = browser.findElement(By.id("filter-error")).getText();
        assertTrue(error.contains("metric 'auc' is a number") && error.contains("at position 14"), error);

        open("/experiments/" + experimentId + "?filter="
                + java.net.URLEncoder.encode("params.model = 'xgboost'", java.nio.charset.StandardCharsets.UTF_8));
        List<WebElement> filtered = browser.findElements(By.cssSelector("#runs tr[data-run]"));
        // the baseline stays pinned on top; the filter leaves one more run
        assertEquals(
                List.of(baseline.getRunId(), candidate.getRunId()),
                filtered.stream().map(r -> r.getAttribute("data-run")).toList());
    }

    @Test
    @Order(3)
    void aRunPageShowsItsCurvesParamsAndGallery() {
        open("/runs/" + candidate.getRunId());
        WebElement loss = browser.findElement(By.cssSelector(".chart[data-key='loss'] .plot"));
        assertEquals("2", loss.getAttribute("data-series"), "train and validation overlaid");
        assertTrue(
                browser.findElement(By.cssSelector(".chart[data-key='loss'] .note"))
                        .getText()
                        .contains("20,100 points, shown downsampled"),
                "the long train curve is downsampled");
        assertTrue(browser.findElement(By.id("params")).getText().contains("xgboost"));
        WebElement image = browser.findElement(By.cssSelector("#gallery img"));
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(d -> ((Number) ((JavascriptExecutor) d).executeScript("return arguments[0].naturalWidth", image))
                                .intValue()
                        == 64);
        assertTrue(browser.findElement(By.id("evaluations")).getText().contains(evaluationId.substring(0, 8)));
        screenshot("run");
    }

    @Test
    @Order(4)
    void selectedRunsAreComparedWithTheirParamDiff() {
        open("/experiments/" + experimentId);
        browser.findElement(By.cssSelector("tr[data-run='" + baseline.getRunId() + "'] input[type=checkbox]"))
                .click();
        browser.findElement(By.cssSelector("tr[data-run='" + candidate.getRunId() + "'] input[type=checkbox]"))
                .click();
        navigateBy(browser.findElement(By.cssSelector("#compare-form button[type=submit]"))::click);
        String diff = browser.findElement(By.id("param-diff")).getText();
        assertTrue(diff.contains("model") && diff.contains("logistic") && diff.contains("xgboost"), diff);
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(d -> "2".equals(d.findElement(By.id("parallel")).getAttribute("data-lines")));
        assertTrue(browser.findElement(By.cssSelector(".explained")).getText().contains("model"));
        screenshot("compare");
    }

    @Test
    @Order(5)
    void aStudyPageShowsItsTrialsHistoryAndImportances() {
        open("/studies/" + studyId);
        assertEquals(6, browser.findElements(By.cssSelector("#trials tbody tr")).size());
        assertEquals("6", browser.findElement(By.id("history")).getAttribute("data-points"));
        assertEquals("6 of 6", browser.findElement(By.id("trial-budget")).getText());
        screenshot("study");
    }

    @Test
    @Order(6)
    void anEvaluationPageShowsItsMetricsWithIntervals() {
        open("/evaluations/" + evaluationId);
        assertEquals(
                "succeeded", browser.findElement(By.id("evaluation-status")).getText());
        WebElement row = browser.findElement(By.cssSelector("#metrics tr[data-metric='accuracy']"));
        assertEquals(0.8, accuracy, 1e-12);
        assertTrue(row.getText().contains("accuracy 0.8 ["), row.getText());
        assertTrue(row.findElements(By.cssSelector("svg.interval")).size() == 1, "its interval is drawn");
        screenshot("evaluation");
    }

    @Test
    @Order(7)
    void anUnknownRunGetsAClearPage() {
        browser.get(CONSOLE + "/runs/" + UUID.randomUUID());
        WebElement error = browser.findElement(By.cssSelector("section.error"));
        assertEquals("404", error.getAttribute("data-status"));
        assertTrue(error.getText().contains("no run with id"), error.getText());
    }

    @Test
    @Order(8)
    void aRunningRunsCurveGrowsWhileItsJobLogs() throws Exception {
        open("/runs/" + live.getRunId());
        WebElement plot = browser.findElement(By.cssSelector(".chart[data-key='loss'] .plot"));
        int before = Integer.parseInt(plot.getAttribute("data-points"));
        long step = 1000;
        long loggedAt = 0;
        long shownAfter = -1;
        for (int attempt = 0; attempt < 60 && shownAfter < 0; attempt++) {
            tracking.logBatch(LogBatchRequest.newBuilder()
                    .setRunId(live.getRunId())
                    .setBatchId(UUID.randomUUID().toString())
                    .addMetrics(point("loss", step++, 0.1, MetricContext.METRIC_CONTEXT_TRAIN))
                    .build());
            loggedAt = System.nanoTime();
            for (int poll = 0; poll < 20; poll++) {
                if (Integer.parseInt(plot.getAttribute("data-points")) > before) {
                    shownAfter = (System.nanoTime() - loggedAt) / 1_000_000;
                    break;
                }
                Thread.sleep(50);
            }
        }
        assertTrue(shownAfter >= 0, "no logged point reached the open page");
        System.out.println("console: a logged point was drawn " + shownAfter + " ms after LogBatch returned");
        screenshot("run-live");
    }

    @Test
    @Order(9)
    void aRunsDatasetOpensItsProfileWithThePartsSideBySide() {
        open("/runs/" + candidate.getRunId());
        WebElement train = browser.findElements(By.cssSelector("#datasets tr")).stream()
                .filter(r -> r.getText().startsWith("train"))
                .findFirst()
                .orElseThrow()
                .findElement(By.cssSelector("a.dataset-link"));
        navigateBy(train::click);
        assertEquals(
                splitProfile.getKey(), browser.findElement(By.id("profile-key")).getText());
        List<WebElement> parts = browser.findElements(By.cssSelector("#parts tbody tr"));
        assertEquals(
                List.of("train", "validation", "test"),
                parts.stream().map(r -> r.getAttribute("data-role")).toList());
        assertEquals(
                List.of("train"),
                browser.findElements(By.cssSelector("#parts tr.this-data")).stream()
                        .map(r -> r.getAttribute("data-role"))
                        .toList(),
                "the run's file is marked among the parts");
        PartProfile trainPart = splitProfile.getParts(0);
        assertTrue(
                parts.get(0).getText().contains(String.valueOf(trainPart.getRows())),
                parts.get(0).getText());
        String labels = browser.findElement(By.id("labels")).getText();
        assertTrue(
                labels.contains(trainPart.getLabels(0).getValue() + " "
                        + trainPart.getLabels(0).getCount()),
                labels);
        WebElement age = browser.findElement(By.cssSelector("#columns tr[data-column='Age']"));
        ColumnProfile trainAge = trainPart.getColumnsList().stream()
                .filter(c -> c.getName().equals("Age"))
                .findFirst()
                .orElseThrow();
        assertTrue(
                age.getText().contains(String.valueOf(trainAge.getMissing()))
                        && age.getText().contains(String.valueOf((long) trainAge.getMax())),
                age.getText());
        assertEquals(
                3 * trainAge.getHistogramCount(),
                age.findElements(By.cssSelector("svg.histogram rect")).size(),
                "one bar per bin and part");
        assertTrue(
                browser.findElement(By.id("profile-warnings"))
                        .getAttribute("textContent")
                        .contains("ForeignWorker=no"),
                "the small slice, named (folded away)");
        screenshot("dataset");
    }

    @Test
    @Order(10)
    void anAskAndTellStudysPageShowsNewTrialsWithoutReloading() {
        String live = study("told-live", 10);
        askAndTell(live);
        open("/studies/" + live);
        assertEquals(1, browser.findElements(By.cssSelector("#trials tbody tr")).size());
        ((JavascriptExecutor) browser).executeScript("document.body.dataset.sameDocument = 'yes'");
        askAndTell(live);
        askAndTell(live);
        new WebDriverWait(browser, Duration.ofSeconds(15))
                .until(d -> d.findElements(By.cssSelector("#trials tbody tr")).size() == 3
                        && "3".equals(d.findElement(By.id("history")).getAttribute("data-points")));
        assertEquals(
                "yes",
                browser.findElement(By.tagName("body")).getAttribute("data-same-document"),
                "updated in place, not reloaded");
    }

    @Test
    @Order(11)
    void zoomingADownsampledCurveFetchesEveryPointOfTheRange() {
        open("/runs/" + candidate.getRunId());
        WebElement plot = browser.findElement(By.cssSelector(".chart[data-key='loss'] .plot"));
        WebElement over = plot.findElement(By.cssSelector(".u-over"));
        int width = over.getSize().getWidth();
        new Actions(browser)
                .moveToElement(over, -width / 2 + width / 10, 0)
                .clickAndHold()
                .moveByOffset(width / 40, 0)
                .release()
                .perform();
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(d -> plot.getAttribute("data-zoom") != null);
        String[] range = plot.getAttribute("data-zoom").split("-");
        long from = Long.parseLong(range[0]);
        long to = Long.parseLong(range[1]);
        assertTrue(from > 1_000 && to - from > 100 && to < 20_050, from + "-" + to);
        // the train curve has a point at every step; the validation curve ends at step 49
        assertEquals(String.valueOf(to - from + 1), plot.getAttribute("data-points"));
        String note = browser.findElement(By.cssSelector(".chart[data-key='loss'] .note"))
                .getText();
        assertTrue(note.contains("every one shown"), note);

        new Actions(browser)
                .doubleClick(plot.findElement(By.cssSelector(".u-over")))
                .perform(); // the zoomed chart is a new plot
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(d -> plot.getAttribute("data-zoom") == null);
        assertTrue(
                browser.findElement(By.cssSelector(".chart[data-key='loss'] .note"))
                        .getText()
                        .contains("20,100 points, shown downsampled"),
                "zoomed out, the whole series again");
    }

    /**
     * The console benchmark's data at a small scale (300 runs × 20 params × 30 series, five 20,000-point
     * curves, one of 100,000): every page it times paints and shows what the data holds. Its timings
     * here are printed, not asserted; the README's come from the full-size run.
     */
    @Test
    @Order(12)
    void theBenchmarksPagesWorkOnItsData() {
        int exit = new CommandLine(new ConsoleSpeed())
                .execute(
                        "--tracking",
                        "127.0.0.1:27101",
                        "--console",
                        CONSOLE,
                        "--runs",
                        "300",
                        "--long-runs",
                        "5",
                        "--long-points",
                        "20000",
                        "--huge-points",
                        "100000",
                        "--repeats",
                        "1",
                        "--threads",
                        "2");
        assertEquals(0, exit, "a page failed or did not show the benchmark's data (see NOT AS EXPECTED above)");
    }

    @Test
    @Order(13)
    void anImageClassifiersEvaluationShowsItsWorstRowsInputImages() {
        open("/evaluations/" + imageEvaluationId);
        List<WebElement> figures = browser.findElements(By.cssSelector("#error-gallery figure"));
        assertEquals(12, figures.size(), "every misclassified row of the 60, with its image");
        assertTrue(
                figures.get(0).getText().contains("predicted"), figures.get(0).getText());
        WebElement image = figures.get(0).findElement(By.tagName("img"));
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(d -> ((Number) ((JavascriptExecutor) d).executeScript("return arguments[0].naturalWidth", image))
                                .intValue()
                        == 64);
        screenshot("evaluation-errors");
    }

    /**
     * The demo, run against this suite as `bin/ratchet demo` runs it: the console pages its last
     * lines print each show its results, and its baseline's data opens the split's profile.
     */
    @Test
    @Order(14)
    void theDemosConsolePagesShowItsResults() throws Exception {
        StringWriter output = new StringWriter();
        CommandLine demo = new CommandLine(new DemoCommand());
        demo.setOut(new PrintWriter(output, true));
        int exit = demo.execute(
                "--tracking",
                "127.0.0.1:27101",
                "--orchestrator",
                "127.0.0.1:27102",
                "--evaluation",
                "127.0.0.1:27103",
                "--evaluation-http",
                "127.0.0.1:26103",
                "--console",
                "127.0.0.1:" + CONSOLE_PORT,
                "--kafka",
                LocalKafka.bootstrapServers(),
                "--root",
                Path.of("..").toAbsolutePath().normalize().toString(),
                "--home",
                Files.createDirectories(Path.of("target", "console-demo"))
                        .toAbsolutePath()
                        .toString());
        System.out.println(output);
        assertEquals(0, exit, "the demo failed");
        Map<String, String> pages = new java.util.HashMap<>();
        for (String line : output.toString().split("\n")) {
            String[] words = line.strip().split("\\s+");
            if (words.length == 2 && words[1].startsWith(CONSOLE + "/")) {
                pages.put(words[0], words[1].substring(CONSOLE.length()));
            }
        }
        assertEquals(java.util.Set.of("experiment", "study", "evaluation"), pages.keySet(), output.toString());

        open(pages.get("experiment"));
        WebElement baselineRow = browser.findElement(By.cssSelector("#runs tr[data-run]"));
        assertTrue(baselineRow.findElement(By.cssSelector(".mark.baseline")).isDisplayed(), "the baseline, on top");
        List<String> runIds = browser.findElements(By.cssSelector("#runs tr[data-run]")).stream()
                .map(r -> r.getAttribute("data-run"))
                .toList();
        assertTrue(runIds.size() >= 2, "baseline and trials");
        String demoExperiment = pages.get("experiment").substring("/experiments/".length());
        open("/");
        assertTrue(browser.findElement(By.cssSelector("tr[data-experiment='" + demoExperiment + "']"))
                .getText()
                .contains("german-credit"));
        open("/compare?experiment=" + demoExperiment + "&max=1000");
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(d -> d.findElement(By.id("parallel")).getAttribute("data-lines") != null);
        assertEquals(
                String.valueOf(runIds.size()),
                browser.findElement(By.id("parallel")).getAttribute("data-lines"),
                "a line per run of the demo");
        assertTrue(
                browser.findElements(By.cssSelector("#param-diff tbody tr")).size() >= 1,
                "the baseline's and the trials' params differ");

        open(pages.get("study"));
        int trials = browser.findElements(By.cssSelector("#trials tbody tr")).size();
        assertTrue(trials >= 2, trials + " trials");
        assertTrue(Integer.parseInt(browser.findElement(By.id("history")).getAttribute("data-points")) >= 1);

        open(pages.get("evaluation"));
        String decision = browser.findElement(By.id("decision")).getText();
        assertTrue(decision.equals("promote") || decision.equals("reject"), decision);
        assertTrue(browser.findElements(By.cssSelector("#metrics svg.interval")).size() >= 1, "intervals drawn");

        // the runs that recorded the demo's split (the baseline does) open its profile
        String withData = runIds.stream()
                .filter(id -> {
                    open("/runs/" + id);
                    return !browser.findElements(By.cssSelector("#datasets a.dataset-link"))
                            .isEmpty();
                })
                .findFirst()
                .orElseThrow(() -> new AssertionError("no run of the demo shows its datasets"));
        navigateBy(browser.findElement(By.cssSelector("#datasets a.dataset-link"))::click);
        assertTrue(
                browser.findElement(By.id("profile-key")).getText().startsWith("profile:"),
                "the demo's split, profiled, from run " + withData);
        assertEquals(3, browser.findElements(By.cssSelector("#parts tbody tr")).size());
    }

    private static void makeData() throws Exception {
        experimentName = "console-" + System.nanoTime();
        experimentId = tracking.createExperiment(CreateExperimentRequest.newBuilder()
                        .setName(experimentName)
                        .build())
                .getExperiment()
                .getExperimentId();
        String ideaId = tracking.createIdea(CreateIdeaRequest.newBuilder()
                        .setExperimentId(experimentId)
                        .setTitle("Boosted trees beat the baseline")
                        .setHypothesis("interactions matter")
                        .setTimeBoxDays(7)
                        .build())
                .getIdea()
                .getIdeaId();
        baseline = run("logistic", Map.of("model", "logistic", "lr", "0.1"), "");
        log(baseline, 50, 0.7);
        candidate = run("boosted", Map.of("model", "xgboost", "lr", "0.05"), ideaId);
        log(candidate, 50, 0.8);
        // a long train curve: 20,000 more points, which the chart receives downsampled
        for (int part = 0; part < 4; part++) {
            int first = 50 + part * 5000;
            tracking.logBatch(LogBatchRequest.newBuilder()
                    .setRunId(candidate.getRunId())
                    .setBatchId(UUID.randomUUID().toString())
                    .addAllMetrics(IntStream.range(first, first + 5000)
                            .mapToObj(s -> point(
                                    "loss", s, 1.0 / (1 + s) + 0.01 * Math.sin(s), MetricContext.METRIC_CONTEXT_TRAIN))
                            .toList())
                    .build());
        }
        finish(baseline);
        finish(candidate);
        tracking.setBaseline(SetBaselineRequest.newBuilder()
                .setExperimentId(experimentId)
                .setRunId(baseline.getRunId())
                .setMetric("auc")
                .setDirection(MetricDirection.METRIC_DIRECTION_MAXIMIZE)
                .setReason("the simple model first")
                .build());
        upload(candidate.getRunId(), "samples/augmented.png", "image/png", true, png());
        upload(
                candidate.getRunId(),
                "notes.json",
                "application/json",
                false,
                "{\"augmentation\": \"flip+crop\"}".getBytes());

        List<String> labels = new ArrayList<>();
        List<String> predictions = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            labels.add(i % 2 == 0 ? "good" : "bad");
            predictions.add(i % 5 == 0 ? (i % 2 == 0 ? "bad" : "good") : labels.get(i));
        }
        var evaluation = EvaluationServiceGrpc.newBlockingStub(channel(27103))
                .evaluate(EvaluateRequest.newBuilder()
                        .setRunId(candidate.getRunId())
                        .setSource(PredictionSource.newBuilder()
                                .setInline(InlinePredictions.newBuilder()
                                        .addAllLabels(labels)
                                        .addAllPredictions(predictions)))
                        .setOptions(EvaluationOptions.getDefaultInstance())
                        .build())
                .getEvaluation();
        evaluationId = evaluation.getEvaluationId();
        accuracy = evaluation.getSummary().getAccuracy();

        // the candidate's data: a split recorded on the run, and its profile
        var evaluationApi = EvaluationServiceGrpc.newBlockingStub(channel(27103));
        Path data = Path.of("..", "services", "evaluation", "src", "test", "resources", "datasets", "german_credit.csv")
                .toAbsolutePath()
                .normalize();
        SplitDatasetResponse split = evaluationApi.splitDataset(SplitDatasetRequest.newBuilder()
                .setUri(data.toUri().toString())
                .setOutputDir(
                        Path.of("target", "console-split").toAbsolutePath().toString())
                .setStrategy(SplitStrategy.SPLIT_STRATEGY_RANDOM)
                .setLabelColumn("Class")
                .addIdColumns("row_id")
                .setSeed(3)
                .setRunId(candidate.getRunId())
                .build());
        ProfileDatasetRequest.Builder profile =
                ProfileDatasetRequest.newBuilder().setLabelColumn("Class").addIdColumns("row_id");
        split.getPartsList()
                .forEach(p -> profile.addFiles(
                        ProfiledFile.newBuilder().setUri(p.getUri()).setRole(p.getRole())));
        splitProfile = evaluationApi.profileDataset(profile.build()).getProfile();

        orchestration = OrchestrationServiceGrpc.newBlockingStub(channel(27102));
        studyId = study("lr-search", 6);
        for (int i = 0; i < 6; i++) {
            askAndTell(studyId);
        }

        imageEvaluationId = imageClassifierEvaluation();

        live = run("still training", Map.of("model", "lightgbm", "lr", "0.01"), "");
        log(live, 5, 0.6);
    }

    /**
     * An image classifier's evaluation, in an experiment of its own: its prediction file names each
     * row's input image, a path among the run's artifacts, and the misclassified rows' images are stored.
     */
    private static String imageClassifierEvaluation() throws Exception {
        String experiment = tracking.createExperiment(CreateExperimentRequest.newBuilder()
                        .setName("console-images-" + System.nanoTime())
                        .build())
                .getExperiment()
                .getExperimentId();
        String runId = tracking.createRun(CreateRunRequest.newBuilder()
                        .setExperimentId(experiment)
                        .setName("cats-and-dogs")
                        .build())
                .getRun()
                .getRunId();
        StringBuilder csv = new StringBuilder("label,prediction,image\n");
        for (int i = 0; i < 60; i++) {
            String label = i % 2 == 0 ? "cat" : "dog";
            boolean wrong = i % 5 == 0;
            csv.append(label)
                    .append(',')
                    .append(wrong ? (i % 2 == 0 ? "dog" : "cat") : label)
                    .append(",test-images/")
                    .append(i)
                    .append(".png\n");
            if (wrong) {
                upload(runId, "test-images/" + i + ".png", "image/png", true, png());
            }
        }
        Path file = Files.createDirectories(Path.of("target"))
                .resolve("console-image-predictions.csv")
                .toAbsolutePath();
        Files.writeString(file, csv);
        return EvaluationServiceGrpc.newBlockingStub(channel(27103))
                .evaluate(EvaluateRequest.newBuilder()
                        .setRunId(runId)
                        .setSource(PredictionSource.newBuilder()
                                .setFile(PredictionFile.newBuilder()
                                        .setUri(file.toUri().toString())
                                        .setLabelColumn("label")
                                        .setPredictionColumn("prediction")))
                        .setOptions(EvaluationOptions.getDefaultInstance())
                        .build())
                .getEvaluation()
                .getEvaluationId();
    }

    private static String study(String name, int maxTrials) {
        return orchestration
                .createStudy(CreateStudyRequest.newBuilder()
                        .setName(name)
                        .setExperimentName(experimentName)
                        .setMaxTrials(maxTrials)
                        .setObjective(
                                Objective.newBuilder().setMetric("auc").setDirection(Direction.DIRECTION_MAXIMIZE))
                        .setSearchSpace(SearchSpace.newBuilder()
                                .addParams(ParamSpec.newBuilder()
                                        .setName("lr")
                                        .setFloatRange(FloatRange.newBuilder()
                                                .setLow(1e-3)
                                                .setHigh(1)
                                                .setLog(true)))
                                .addParams(ParamSpec.newBuilder()
                                        .setName("depth")
                                        .setFloatRange(FloatRange.newBuilder()
                                                .setLow(1)
                                                .setHigh(8))))
                        .setSampler(SamplerSpec.newBuilder()
                                .setKind(SamplerKind.SAMPLER_KIND_RANDOM)
                                .setSeed(7))
                        .build())
                .getStudy()
                .getStudyId();
    }

    private static void askAndTell(String study) {
        StudyTrial trial = orchestration
                .askTrial(AskTrialRequest.newBuilder().setStudyId(study).build())
                .getTrial();
        double lr = trial.getParamsOrThrow("lr").getDoubleValue();
        orchestration.tellTrial(TellTrialRequest.newBuilder()
                .setStudyId(study)
                .setNumber(trial.getNumber())
                .setState(TrialState.TRIAL_STATE_COMPLETE)
                .setValue(0.9 - Math.abs(Math.log10(lr) + 1) / 10)
                .build());
    }

    private static Run run(String name, Map<String, String> params, String ideaId) {
        return tracking.createRun(CreateRunRequest.newBuilder()
                        .setExperimentId(experimentId)
                        .setName(name)
                        .putAllParams(params)
                        .setIdeaId(ideaId)
                        .build())
                .getRun();
    }

    /** Train and validation loss and a validation AUC that ends at {@code auc}. */
    private static void log(Run run, int steps, double auc) {
        List<MetricPoint> points = new ArrayList<>();
        for (int s = 0; s < steps; s++) {
            points.add(point("loss", s, 1.0 / (1 + s), MetricContext.METRIC_CONTEXT_TRAIN));
            points.add(point("loss", s, 1.2 / (1 + s) + 0.05, MetricContext.METRIC_CONTEXT_VALIDATION));
            points.add(point("auc", s, auc * (s + 1) / steps, MetricContext.METRIC_CONTEXT_VALIDATION));
        }
        tracking.logBatch(LogBatchRequest.newBuilder()
                .setRunId(run.getRunId())
                .setBatchId(UUID.randomUUID().toString())
                .addAllMetrics(points)
                .build());
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

    private static void finish(Run run) {
        tracking.updateRun(UpdateRunRequest.newBuilder()
                .setRunId(run.getRunId())
                .setStatus(RunStatus.RUN_STATUS_FINISHED)
                .build());
    }

    private static void upload(String runId, String path, String type, boolean image, byte[] bytes) throws Exception {
        ArtifactUpload.start(trackingChannel, runId, path, type, image, bytes).get(30, TimeUnit.SECONDS);
    }

    /** A 64×64 labeled-sample stand-in: a gradient with a square, as a PNG. */
    private static byte[] png() throws Exception {
        BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 64; x++) {
            for (int y = 0; y < 64; y++) {
                image.setRGB(x, y, new Color(x * 4, y * 4, 128).getRGB());
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static WebDriver chromium() throws Exception {
        File driver = new File(System.getProperty("ratchet.chromedriver", "/usr/bin/chromedriver"));
        File binary = new File(System.getProperty("ratchet.chromium", "/usr/bin/chromium"));
        if (!driver.canExecute() || !binary.canExecute()) {
            throw new IllegalStateException("the browser tests need Debian's chromium and chromium-driver "
                    + "(apt-get install chromium chromium-driver; .ci/run installs them)");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(binary);
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1400,1100",
                "--user-data-dir="
                        + Files.createTempDirectory("ratchet-chromium").toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(driver)
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }

    private static void open(String path) {
        browser.get(CONSOLE + path);
        waitForPaint();
    }

    /** Waits until the page says its data is drawn (body[data-painted], set by console.js). */
    private static void waitForPaint() {
        new WebDriverWait(browser, Duration.ofSeconds(30))
                .ignoring(StaleElementReferenceException.class)
                .until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-painted")));
    }

    /** A click or submit that loads a new page: waits for the old page to go, then for the new one's paint. */
    private static void navigateBy(Runnable action) {
        WebElement old = browser.findElement(By.tagName("body"));
        action.run();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.stalenessOf(old));
        waitForPaint();
    }

    private static void screenshot(String name) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "screenshots"));
            Files.copy(
                    ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(),
                    dir.resolve(name + ".png"),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (Exception e) {
            throw new IllegalStateException("screenshot " + name, e);
        }
    }

    private static ManagedChannel channel(int port) {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port)
                .usePlaintext()
                .build();
        channels.add(channel);
        return channel;
    }
}
