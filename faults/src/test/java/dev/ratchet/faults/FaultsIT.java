package dev.ratchet.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Timestamp;
import dev.ratchet.client.Backoff;
import dev.ratchet.contract.events.CloudEvent;
import dev.ratchet.contract.events.EventCodec;
import dev.ratchet.contract.events.Topics;
import dev.ratchet.evaluation.v1.EvaluateRequest;
import dev.ratchet.events.v1.EvaluationOptions;
import dev.ratchet.events.v1.EvaluationStatus;
import dev.ratchet.events.v1.InlinePredictions;
import dev.ratchet.events.v1.MetricContext;
import dev.ratchet.events.v1.MetricPoint;
import dev.ratchet.events.v1.MetricsLogged;
import dev.ratchet.events.v1.PredictionFile;
import dev.ratchet.events.v1.PredictionSource;
import dev.ratchet.events.v1.SliceSpec;
import dev.ratchet.operations.v1.ListParkedEventsRequest;
import dev.ratchet.operations.v1.ListParkedEventsResponse;
import dev.ratchet.operations.v1.OutboxServiceGrpc;
import dev.ratchet.operations.v1.RetryParkedEventsRequest;
import dev.ratchet.orchestration.v1.Budget;
import dev.ratchet.orchestration.v1.CreateStudyRequest;
import dev.ratchet.orchestration.v1.Direction;
import dev.ratchet.orchestration.v1.FloatRange;
import dev.ratchet.orchestration.v1.GetStudyRequest;
import dev.ratchet.orchestration.v1.JobTemplate;
import dev.ratchet.orchestration.v1.ListTrialsRequest;
import dev.ratchet.orchestration.v1.Objective;
import dev.ratchet.orchestration.v1.ParamSpec;
import dev.ratchet.orchestration.v1.SamplerKind;
import dev.ratchet.orchestration.v1.SamplerSpec;
import dev.ratchet.orchestration.v1.SearchSpace;
import dev.ratchet.orchestration.v1.StudyState;
import dev.ratchet.orchestration.v1.StudyTrial;
import dev.ratchet.orchestration.v1.TrialState;
import dev.ratchet.testing.KafkaRecords;
import dev.ratchet.testing.MalformedCloudEvents;
import dev.ratchet.tracking.v1.CreateExperimentRequest;
import dev.ratchet.tracking.v1.CreateRunRequest;
import dev.ratchet.tracking.v1.GetRunRequest;
import dev.ratchet.tracking.v1.LogBatchRequest;
import dev.ratchet.tracking.v1.TrackingServiceGrpc.TrackingServiceBlockingStub;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The suite under faults, each proven with counts (printed as "fault:" lines): services killed
 * mid-ingestion, the database and the broker restarted, poison records on every topic. Every
 * part is a real process on loopback; each test leaves the suite healthy for the next.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultsIT {
    static final int POINTS = 200_000;
    static final int BATCH = 1_000;
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static Suite suite;
    static TrackingServiceBlockingStub tracking;

    @BeforeAll
    static void startSuite() throws Exception {
        suite = Suite.start();
        tracking = suite.tracking();
    }

    @AfterAll
    static void stopSuite() throws Exception {
        if (suite != null) {
            suite.close();
        }
    }

    @Test
    @Order(1)
    void garbageAndMalformedCloudEventsOnEveryTopicAreDeadLetteredAndTheConsumersGoOn() throws Exception {
        String runId = newRun("poison");
        String prefix = "poison-" + UUID.randomUUID() + "-";
        // who consumes what: every record on a topic reaches the dead-letter topic of every group reading it
        Map<String, List<String>> readers = Map.of(
                Topics.RUNS, List.of("ratchet.tracking.dlq", "ratchet.orchestrator.dlq"),
                Topics.METRICS, List.of("ratchet.tracking.dlq", "ratchet.orchestrator.dlq"),
                Topics.EVALUATIONS, List.of("ratchet.tracking.dlq", "ratchet.evaluation.dlq"));
        Random random = new Random(16);
        Map<String, Integer> sent = new java.util.TreeMap<>();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (String topic : readers.keySet()) {
                for (int i = 0; i < 1_000; i++) {
                    byte[] garbage = new byte[1 + random.nextInt(200)];
                    random.nextBytes(garbage);
                    producer.send(new ProducerRecord<>(topic, prefix + topic + "-garbage-" + i, garbage));
                }
                CloudEvent template = CloudEvent.create(
                        "trainer",
                        runId,
                        MetricsLogged.newBuilder()
                                .setRunId(runId)
                                .addPoints(point("poisoned", 0))
                                .build());
                ProducerRecord<String, byte[]> valid = new ProducerRecord<>(
                        topic, null, runId, EventCodec.value(template), EventCodec.headers(template));
                List<MalformedCloudEvents.Case> cases = new ArrayList<>();
                while (cases.size() < 100) {
                    cases.addAll(MalformedCloudEvents.of(valid, prefix + topic + "-case" + cases.size() + "-"));
                }
                cases.subList(0, 100).forEach(c -> producer.send(c.record()));
                sent.put(topic, 1_000 + 100);
            }
            producer.flush();
        }
        // the next valid event is processed
        KafkaRecords.send(
                suite.broker.bootstrapServers(),
                EventCodec.record(CloudEvent.create(
                        "trainer",
                        runId,
                        MetricsLogged.newBuilder()
                                .setRunId(runId)
                                .addPoints(point("after-poison", 0))
                                .build())));
        awaitPoints(runId, "after-poison", 1);

        for (var topic : readers.entrySet()) {
            for (String dlq : topic.getValue()) {
                String topicPrefix = prefix + topic.getKey() + "-";
                List<ConsumerRecord<String, byte[]>> dead = KafkaRecords.await(
                        suite.broker.bootstrapServers(),
                        dlq,
                        r -> r.key() != null ? r.key().startsWith(topicPrefix) : ceId(r).startsWith(topicPrefix),
                        sent.get(topic.getKey()),
                        Duration.ofMinutes(2));
                System.out.printf(
                        "fault: %s: %d garbage and malformed records sent, %d in %s%n",
                        topic.getKey(), sent.get(topic.getKey()), dead.size(), dlq);
                assertEquals(
                        sent.get(topic.getKey()), dead.size(), dlq + " holds every poison record of " + topic.getKey());
            }
        }
        assertEquals(
                0,
                suite.count("select count(*) from tracking.metric_point where key = 'poisoned'"),
                "no malformed record was stored");
        for (String service : Suite.SERVICES) {
            assertEquals(200, readiness(service), service + " is ready after the poison");
        }
    }

    @Test
    @Order(2)
    void killingTrackingThreeTimesDuringIngestionLosesAndDuplicatesNothing() throws Exception {
        String runId = newRun("crashes");
        AtomicInteger grpcBatches = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try {
            // a training process logging through gRPC with the Java client's retries
            Future<?> grpc = clients.submit(() -> {
                Backoff retries = Backoff.standard();
                for (int batch = 0; batch < POINTS / BATCH; batch++) {
                    LogBatchRequest request = LogBatchRequest.newBuilder()
                            .setRunId(runId)
                            .setBatchId(UUID.randomUUID().toString())
                            .addAllMetrics(points("grpc", batch * BATCH, BATCH))
                            .build();
                    retries.call(() ->
                            tracking.withDeadlineAfter(30, TimeUnit.SECONDS).logBatch(request));
                    grpcBatches.incrementAndGet();
                }
            });
            // a job producing MetricsLogged straight to Kafka, as the Python client's Kafka path does
            Future<?> kafka = clients.submit(() -> {
                try (KafkaProducer<String, byte[]> producer = producer()) {
                    for (int batch = 0; batch < POINTS / BATCH; batch++) {
                        producer.send(EventCodec.record(CloudEvent.create(
                                "trainer",
                                runId,
                                MetricsLogged.newBuilder()
                                        .setRunId(runId)
                                        .addAllPoints(points("kafka", batch * BATCH, BATCH))
                                        .build())));
                        Thread.sleep(50); // spread over the crashes
                    }
                    producer.flush();
                }
                return null;
            });
            for (int crash = 1; crash <= 3; crash++) {
                int at = crash * POINTS / BATCH / 4;
                Awaitility.await().atMost(Duration.ofMinutes(3)).until(() -> grpcBatches.get() >= at || grpc.isDone());
                suite.crash("tracking");
                System.out.printf(
                        "fault: tracking killed (SIGKILL) after %d of %d gRPC batches, restarted%n",
                        grpcBatches.get(), POINTS / BATCH);
            }
            grpc.get(5, TimeUnit.MINUTES);
            kafka.get(5, TimeUnit.MINUTES);
        } finally {
            clients.shutdownNow();
        }
        for (String key : List.of("grpc", "kafka")) {
            awaitPoints(runId, key, POINTS);
            long stored = points(runId, key);
            long distinct = suite.count(
                    "select count(distinct step) from tracking.metric_point where run_id = ?" + " and key = ?",
                    UUID.fromString(runId),
                    key);
            System.out.printf(
                    "fault: %s path: %d points sent, %d stored, %d distinct steps (lost %d, duplicated %d)%n",
                    key, POINTS, stored, distinct, POINTS - distinct, stored - distinct);
            assertEquals(POINTS, distinct, "nothing lost");
            assertEquals(POINTS, stored, "nothing duplicated");
        }
    }

    @Test
    @Order(3)
    void aDatabaseRestartDuringIngestionLosesNothingAndDeadLettersNothingValid() throws Exception {
        String runId = newRun("database-restart");
        int batches = 100;
        AtomicInteger grpcBatches = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(2);
        Instant stopped;
        try {
            Future<?> grpc = clients.submit(() -> {
                Backoff retries = Backoff.standard();
                for (int batch = 0; batch < batches; batch++) {
                    LogBatchRequest request = LogBatchRequest.newBuilder()
                            .setRunId(runId)
                            .setBatchId(UUID.randomUUID().toString())
                            .addAllMetrics(points("grpc", batch * BATCH, BATCH))
                            .build();
                    retries.call(() ->
                            tracking.withDeadlineAfter(30, TimeUnit.SECONDS).logBatch(request));
                    grpcBatches.incrementAndGet();
                    sleep(100);
                }
            });
            Future<?> kafka = clients.submit(() -> {
                try (KafkaProducer<String, byte[]> producer = producer()) {
                    for (int batch = 0; batch < batches; batch++) {
                        producer.send(EventCodec.record(CloudEvent.create(
                                "trainer",
                                runId,
                                MetricsLogged.newBuilder()
                                        .setRunId(runId)
                                        .addAllPoints(points("kafka", batch * BATCH, BATCH))
                                        .build())));
                        sleep(100);
                    }
                }
                return null;
            });
            Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> grpcBatches.get() >= 20);
            suite.database.stop();
            stopped = Instant.now();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> readiness("tracking") == 503);
            System.out.printf(
                    "fault: PostgreSQL stopped after %d of %d gRPC batches; tracking's readiness 503 after"
                            + " %d ms%n",
                    grpcBatches.get(),
                    batches,
                    Duration.between(stopped, Instant.now()).toMillis());
            Thread.sleep(20_000);
            suite.database.start();
            System.out.printf(
                    "fault: PostgreSQL started again after %d s%n",
                    Duration.between(stopped, Instant.now()).toSeconds());
            grpc.get(5, TimeUnit.MINUTES);
            kafka.get(5, TimeUnit.MINUTES);
        } finally {
            clients.shutdownNow();
        }
        Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> readiness("tracking") == 200);
        for (String key : List.of("grpc", "kafka")) {
            awaitPoints(runId, key, batches * BATCH);
            long distinct = suite.count(
                    "select count(distinct step) from tracking.metric_point where run_id = ?" + " and key = ?",
                    UUID.fromString(runId),
                    key);
            long stored = points(runId, key);
            System.out.printf(
                    "fault: %s path: %d points sent, %d stored, %d distinct steps (lost %d, duplicated %d)%n",
                    key, batches * BATCH, stored, distinct, batches * BATCH - distinct, stored - distinct);
            assertEquals(batches * BATCH, distinct, "nothing lost");
            assertEquals(batches * BATCH, stored, "nothing duplicated");
        }
        for (String dlq : List.of("ratchet.tracking.dlq", "ratchet.orchestrator.dlq")) {
            long dead = KafkaRecords.readToEnd(suite.broker.bootstrapServers(), dlq, r -> runId.equals(r.key()))
                    .size();
            System.out.printf("fault: valid events of the run in %s: %d%n", dlq, dead);
            assertEquals(0, dead, "no valid event is dead-lettered because the database was down");
        }
    }

    @Test
    @Order(4)
    void aBrokerRestartMidStudyLosesNoTrialAndReadinessSaysSoMeanwhile() throws Exception {
        var orchestrator = suite.orchestrator();
        String studyId = orchestrator
                .createStudy(CreateStudyRequest.newBuilder()
                        .setName("broker-restart")
                        .setExperimentName("faults-study")
                        .setMaxTrials(6)
                        .setObjective(Objective.newBuilder()
                                .setMetric("loss")
                                .setDirection(Direction.DIRECTION_MINIMIZE)
                                .setContext(MetricContext.METRIC_CONTEXT_VALIDATION))
                        .setSearchSpace(SearchSpace.newBuilder()
                                .addParams(ParamSpec.newBuilder()
                                        .setName("learning-rate")
                                        .setFloatRange(FloatRange.newBuilder()
                                                .setLow(0.005)
                                                .setHigh(1)
                                                .setLog(true)))
                                .addParams(ParamSpec.newBuilder()
                                        .setName("l2")
                                        .setFloatRange(FloatRange.newBuilder()
                                                .setLow(1e-5)
                                                .setHigh(0.1)
                                                .setLog(true))))
                        .setSampler(SamplerSpec.newBuilder()
                                .setKind(SamplerKind.SAMPLER_KIND_TPE)
                                .setSeed(3))
                        .setJob(creditLogistic(150))
                        .setBudget(Budget.newBuilder().setMaxParallelTrials(2))
                        .build())
                .getStudy()
                .getStudyId();
        Awaitility.await()
                .atMost(Duration.ofMinutes(3))
                .until(() -> trials(studyId).stream().anyMatch(t -> t.getState() == TrialState.TRIAL_STATE_RUNNING)
                        && trials(studyId).size() >= 2);

        suite.broker.stop();
        Instant stopped = Instant.now();
        for (String service : Suite.SERVICES) {
            Instant asked = Instant.now();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> readiness(service) == 503);
            System.out.printf(
                    "fault: broker stopped; %s's readiness 503 (asked %d ms after the stop, answered in" + " %d ms)%n",
                    service,
                    Duration.between(stopped, asked).toMillis(),
                    Duration.between(asked, Instant.now()).toMillis());
        }
        long start = System.nanoTime();
        assertEquals(503, readiness("tracking"));
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(8), "readiness answers, it does not hang");
        // the trials' jobs log through tracking meanwhile: their MetricsLogged wait in tracking's outbox
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> outboxLag("tracking") > 0);
        System.out.printf("fault: ratchet_outbox_lag of tracking during the outage: %.0f%n", outboxLag("tracking"));
        Thread.sleep(10_000);
        suite.broker.start();
        System.out.printf(
                "fault: broker started again after %d s%n",
                Duration.between(stopped, Instant.now()).toSeconds());

        Awaitility.await()
                .atMost(Duration.ofMinutes(6))
                .pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions()
                .until(() -> orchestrator
                                .getStudy(GetStudyRequest.newBuilder()
                                        .setStudyId(studyId)
                                        .build())
                                .getStudy()
                                .getState()
                        == StudyState.STUDY_STATE_FINISHED);
        List<StudyTrial> trials = trials(studyId);
        System.out.printf(
                "fault: study after the broker restart: %d trials %s%n",
                trials.size(),
                trials.stream()
                        .map(t -> t.getNumber() + ":" + t.getState().name().replace("TRIAL_STATE_", ""))
                        .toList());
        assertEquals(
                IntStream.range(0, 6).boxed().toList(),
                trials.stream().map(StudyTrial::getNumber).toList(),
                "no trial lost or duplicated");
        assertTrue(
                trials.stream()
                        .allMatch(t -> t.getState() == TrialState.TRIAL_STATE_COMPLETE
                                || t.getState() == TrialState.TRIAL_STATE_PRUNED),
                trials.toString());
        Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> outboxLag("tracking") == 0);
        for (String service : Suite.SERVICES) {
            Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> readiness(service) == 200);
        }
    }

    @Test
    @Order(5)
    void anEventTheBrokerRefusesIsParkedAndTheEventsBehindItFlow() throws Exception {
        String runId = newRun("refused");
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, suite.broker.bootstrapServers()))) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.EVALUATIONS);
            setMaxMessageBytes(admin, topic, "4000");
            try {
                // 200 small slice values: a warning each, 50 of them in the event (about 8 kB)
                StringBuilder csv = new StringBuilder("y,p,shop\n");
                for (int i = 0; i < 2_000; i++) {
                    csv.append(i % 2)
                            .append(',')
                            .append(i % 3 == 0 ? 1 - i % 2 : i % 2)
                            .append(",s")
                            .append(i % 200)
                            .append('\n');
                }
                java.nio.file.Path file = java.nio.file.Files.writeString(
                        java.nio.file.Files.createTempFile(java.nio.file.Path.of("target"), "refused-", ".csv"), csv);
                String large = suite.evaluation()
                        .evaluate(EvaluateRequest.newBuilder()
                                .setRunId(runId)
                                .setSource(PredictionSource.newBuilder()
                                        .setFile(PredictionFile.newBuilder()
                                                .setUri(file.toAbsolutePath()
                                                        .toUri()
                                                        .toString())
                                                .setLabelColumn("y")
                                                .setPredictionColumn("p")))
                                .setOptions(EvaluationOptions.newBuilder()
                                        .addSlices(SliceSpec.newBuilder().addColumns("shop")))
                                .build())
                        .getEvaluation()
                        .getEvaluationId();
                String small = suite.evaluation()
                        .evaluate(EvaluateRequest.newBuilder()
                                .setRunId(runId)
                                .setSource(PredictionSource.newBuilder()
                                        .setInline(InlinePredictions.newBuilder()
                                                .addAllLabels(List.of("a", "b"))
                                                .addAllPredictions(List.of("a", "a"))))
                                .build())
                        .getEvaluation()
                        .getEvaluationId();

                var outbox = OutboxServiceGrpc.newBlockingStub(suite.channel("evaluation"));
                ListParkedEventsResponse parked = Awaitility.await()
                        .atMost(Duration.ofMinutes(1))
                        .until(
                                () -> outbox.listParkedEvents(ListParkedEventsRequest.getDefaultInstance()),
                                l -> l.getParkedCount() == 1);
                System.out.printf(
                        "fault: evaluation's outbox parked event %d (%s, %d bytes): %s%n",
                        parked.getEvents(0).getSequence(),
                        parked.getEvents(0).getType(),
                        parked.getEvents(0).getSizeBytes(),
                        parked.getEvents(0).getReason());
                assertTrue(
                        parked.getEvents(0).getReason().startsWith("RecordTooLargeException"),
                        parked.getEvents(0).getReason());
                Awaitility.await()
                        .atMost(Duration.ofMinutes(1))
                        .ignoreExceptions()
                        .until(() -> evaluationsOf(runId).contains(small));
                assertTrue(!evaluationsOf(runId).contains(large), "the refused event has not reached tracking");
                assertTrue(get("evaluation", "/q/metrics").contains("ratchet_outbox_parked 1.0"));
                setMaxMessageBytes(admin, topic, null);
                assertEquals(
                        1,
                        outbox.retryParkedEvents(RetryParkedEventsRequest.newBuilder()
                                        .setAll(true)
                                        .build())
                                .getRetried());
                Awaitility.await()
                        .atMost(Duration.ofMinutes(1))
                        .ignoreExceptions()
                        .until(() -> evaluationsOf(runId).contains(large));
                System.out.println("fault: after the limit was raised and the event retried, tracking holds both");
            } finally {
                setMaxMessageBytes(admin, topic, null);
            }
        }
    }

    @Test
    @Order(6)
    void tenMillionRowsAreEvaluatedThroughTheServiceAtItsDefaultHeap() throws Exception {
        var evaluation = suite.service("evaluation");
        java.nio.file.Path root = java.nio.file.Path.of(System.getProperty("ratchet.root.dir", ".."));
        Process benchmark = new ProcessBuilder(
                        java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java")
                                .toString(),
                        "-jar",
                        root.resolve("benchmarks/evaluation-speed/target/evaluation-speed.jar")
                                .toString(),
                        "--service",
                        "127.0.0.1:" + evaluation.grpcPort(),
                        "--service-pid",
                        Long.toString(evaluation.pid()),
                        "--data",
                        java.nio.file.Path.of("target", "faults", "evaluation-speed")
                                .toAbsolutePath()
                                .toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(benchmark.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(benchmark.waitFor(10, TimeUnit.MINUTES));
        output.lines()
                .filter(l -> l.startsWith("| through") || l.startsWith("| memory") || l.startsWith("Machine"))
                .forEach(l -> System.out.println("fault: 10M rows: " + l));
        assertEquals(0, benchmark.exitValue(), output);
        assertEquals(200, readiness("evaluation"));
    }

    @Test
    @Order(7)
    void aKilledReplicasPartitionsAreTakenOverWithinTheSessionTimeout() throws Exception {
        var second = suite.replica("tracking");
        String runId = newRun("failover");
        // both replicas hold partitions of ratchet.metrics once the group has rebalanced
        Thread.sleep(5_000);
        suite.service("tracking").kill();
        Instant killed = Instant.now();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (int partition = 0; partition < 3; partition++) {
                CloudEvent event = CloudEvent.create(
                        "trainer",
                        runId,
                        MetricsLogged.newBuilder()
                                .setRunId(runId)
                                .addPoints(point("failover", partition))
                                .build());
                producer.send(new ProducerRecord<>(
                        Topics.METRICS, partition, runId, EventCodec.value(event), EventCodec.headers(event)));
            }
        }
        awaitPoints(runId, "failover", 3);
        long seconds = Duration.between(killed, Instant.now()).toSeconds();
        System.out.printf(
                "fault: one of two tracking replicas killed; events on all 3 partitions stored %d s later"
                        + " (session timeout 10 s; Kafka's default 45 s)%n",
                seconds);
        assertTrue(seconds < 30, seconds + " s");
        second.close();
        suite.startService("tracking").awaitReady(Duration.ofMinutes(3));
    }

    // ---- helpers ----

    static JobTemplate creditLogistic(int epochs) {
        java.nio.file.Path root = java.nio.file.Path.of(System.getProperty("ratchet.root.dir", ".."))
                .toAbsolutePath();
        return JobTemplate.newBuilder()
                .addCommand(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java")
                        .toString())
                .addCommand("-Xmx128m")
                .addCommand("-jar")
                .addCommand(root.resolve("examples/credit-logistic/target/credit-logistic.jar")
                        .toString())
                .addCommand("--data=" + root.resolve("examples/data/german_credit.csv"))
                .addCommand("--epochs=" + epochs)
                .build();
    }

    static List<StudyTrial> trials(String studyId) {
        return suite.orchestrator()
                .listTrials(ListTrialsRequest.newBuilder().setStudyId(studyId).build())
                .getTrialsList();
    }

    static List<String> evaluationsOf(String runId) {
        return tracking
                .getRun(GetRunRequest.newBuilder().setRunId(runId).build())
                .getRun()
                .getEvaluationsList()
                .stream()
                .filter(e -> e.getStatus() == EvaluationStatus.EVALUATION_STATUS_SUCCEEDED)
                .map(e -> e.getEvaluationId())
                .toList();
    }

    static double outboxLag(String service) throws Exception {
        return get(service, "/q/metrics")
                .lines()
                .filter(l -> l.startsWith("ratchet_outbox_lag "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1)))
                .findFirst()
                .orElse(-1);
    }

    static void setMaxMessageBytes(Admin admin, ConfigResource topic, String bytes) throws Exception {
        AlterConfigOp op = bytes == null
                ? new AlterConfigOp(new ConfigEntry("max.message.bytes", ""), AlterConfigOp.OpType.DELETE)
                : new AlterConfigOp(new ConfigEntry("max.message.bytes", bytes), AlterConfigOp.OpType.SET);
        admin.incrementalAlterConfigs(Map.of(topic, List.of(op))).all().get(30, TimeUnit.SECONDS);
    }

    static String newRun(String name) {
        Backoff retries = Backoff.standard();
        String experimentId = retries.call(() -> tracking.createExperiment(CreateExperimentRequest.newBuilder()
                        .setName("faults-" + name + "-" + UUID.randomUUID())
                        .build()))
                .getExperiment()
                .getExperimentId();
        return retries.call(() -> tracking.createRun(CreateRunRequest.newBuilder()
                        .setExperimentId(experimentId)
                        .setName(name)
                        .build()))
                .getRun()
                .getRunId();
    }

    static List<MetricPoint> points(String key, int firstStep, int count) {
        return IntStream.range(firstStep, firstStep + count)
                .mapToObj(step -> point(key, step))
                .toList();
    }

    static MetricPoint point(String key, long step) {
        return MetricPoint.newBuilder()
                .setKey(key)
                .setStep(step)
                .setValue(1.0 / (step + 1))
                .setContext(MetricContext.METRIC_CONTEXT_TRAIN)
                .setTimestamp(Timestamp.newBuilder().setSeconds(1_750_000_000L + step))
                .build();
    }

    static long points(String runId, String key) throws Exception {
        return suite.count(
                "select count(*) from tracking.metric_point where run_id = ? and key = ?", UUID.fromString(runId), key);
    }

    static void awaitPoints(String runId, String key, long expected) {
        Awaitility.await()
                .atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions()
                .until(() -> points(runId, key) >= expected);
    }

    static KafkaProducer<String, byte[]> producer() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, suite.broker.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    /** The readiness endpoint's status, or -1 when it gives no answer within 10 s. */
    static int readiness(String service) {
        try {
            return HTTP.send(
                            HttpRequest.newBuilder(URI.create(suite.httpAddress(service) + "/q/health/ready"))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    static String ceId(ConsumerRecord<String, byte[]> record) {
        var header = record.headers().lastHeader("ce_id");
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    static String get(String service, String path) throws Exception {
        return HTTP.send(
                        HttpRequest.newBuilder(URI.create(suite.httpAddress(service) + path))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .body();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
