package dev.ratchet.orchestrator;

import static dev.ratchet.testing.GrpcAssertions.assertStatus;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import dev.ratchet.contract.events.CloudEvent;
import dev.ratchet.contract.events.EventCodec;
import dev.ratchet.events.v1.DatasetRegistered;
import dev.ratchet.events.v1.MetricPoint;
import dev.ratchet.events.v1.MetricsLogged;
import dev.ratchet.orchestration.v1.Budget;
import dev.ratchet.orchestration.v1.CancelStudyRequest;
import dev.ratchet.orchestration.v1.CreateStudyRequest;
import dev.ratchet.orchestration.v1.CreateTriggerRequest;
import dev.ratchet.orchestration.v1.DeleteTriggerRequest;
import dev.ratchet.orchestration.v1.EventTrigger;
import dev.ratchet.orchestration.v1.GetStudyRequest;
import dev.ratchet.orchestration.v1.ListTriggersRequest;
import dev.ratchet.orchestration.v1.OrchestrationServiceGrpc.OrchestrationServiceBlockingStub;
import dev.ratchet.orchestration.v1.Study;
import dev.ratchet.orchestration.v1.Trigger;
import dev.ratchet.orchestration.v1.TriggerEvent;
import dev.ratchet.orchestrator.trigger.Triggers;
import dev.ratchet.testing.KafkaBrokerResource;
import dev.ratchet.testing.KafkaRecords;
import dev.ratchet.testing.LocalKafka;
import dev.ratchet.testing.MalformedCloudEvents;
import io.grpc.Status;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** Triggers that start studies: on DatasetRegistered from Kafka, and on a cron schedule. */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
class TriggersTest {
    @GrpcClient("orchestration")
    OrchestrationServiceBlockingStub orchestration;

    @Inject
    Scheduler scheduler;

    @Inject
    Triggers triggers;

    static CreateStudyRequest template() {
        return StudyExecutionTest.study(
                        "ignored",
                        StudyExecutionTest.quadraticJob(50),
                        2,
                        Budget.newBuilder()
                                .setTimeBox(Duration.newBuilder().setSeconds(300))
                                .build())
                .build();
    }

    Trigger trigger(String id) {
        return orchestration.listTriggers(ListTriggersRequest.getDefaultInstance()).getTriggersList().stream()
                .filter(t -> t.getTriggerId().equals(id))
                .findFirst()
                .orElse(null);
    }

    @Test
    void newDataForTheExperimentStartsItsRetrainingStudyOnce() {
        Trigger trigger = orchestration
                .createTrigger(CreateTriggerRequest.newBuilder()
                        .setName("retrain credit")
                        .setOnEvent(EventTrigger.newBuilder()
                                .setEvent(TriggerEvent.TRIGGER_EVENT_DATASET_REGISTERED)
                                .setExperimentName("credit"))
                        .setStudy(template())
                        .build())
                .getTrigger();
        CloudEvent registered = CloudEvent.create(
                "ratchet-tracking",
                "run-1",
                DatasetRegistered.newBuilder()
                        .setExperimentName("credit")
                        .setRunId("1b4e28ba-2fa1-11d2-883f-0016d3cca427")
                        .setUri("s3://data/credit/2026-11.csv")
                        .setDigest("sha256:ab12")
                        .setRole("train")
                        .build());
        KafkaRecords.send(LocalKafka.bootstrapServers(), EventCodec.record(registered));
        await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> trigger(trigger.getTriggerId()).getStudiesStarted() == 1);
        Trigger fired = trigger(trigger.getTriggerId());
        Study study = orchestration
                .getStudy(GetStudyRequest.newBuilder()
                        .setStudyId(fired.getLastStudyId())
                        .build())
                .getStudy();
        assertTrue(study.getName().startsWith("retrain credit "), study.getName());
        long deadline = study.getBudget().getDeadline().getSeconds();
        assertEquals(study.getCreateTime().getSeconds() + 300, deadline, 1, "the time box runs from the start");

        // the same event again, and data of another experiment: no new study
        KafkaRecords.send(LocalKafka.bootstrapServers(), EventCodec.record(registered));
        KafkaRecords.send(
                LocalKafka.bootstrapServers(),
                EventCodec.record(CloudEvent.create(
                        "ratchet-tracking",
                        "run-2",
                        registered.dataAs(DatasetRegistered.class).toBuilder()
                                .setExperimentName("wages")
                                .build())));
        CloudEvent next = CloudEvent.create(
                "ratchet-tracking",
                "run-3",
                registered.dataAs(DatasetRegistered.class).toBuilder()
                        .setDigest("sha256:cd34")
                        .build());
        KafkaRecords.send(LocalKafka.bootstrapServers(), EventCodec.record(next));
        await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> trigger(trigger.getTriggerId()).getStudiesStarted() == 2);
        assertEquals(2, trigger(trigger.getTriggerId()).getStudiesStarted(), "the redelivery started nothing");

        orchestration.cancelStudy(
                CancelStudyRequest.newBuilder().setStudyId(study.getStudyId()).build());
        orchestration.cancelStudy(CancelStudyRequest.newBuilder()
                .setStudyId(trigger(trigger.getTriggerId()).getLastStudyId())
                .build());
        orchestration.deleteTrigger(DeleteTriggerRequest.newBuilder()
                .setTriggerId(trigger.getTriggerId())
                .build());
    }

    @Test
    void malformedCloudEventsOnEitherTopicAreDeadLetteredAndTheNextEventStillFiresTheTrigger() {
        Trigger trigger = orchestration
                .createTrigger(CreateTriggerRequest.newBuilder()
                        .setName("retrain panel")
                        .setOnEvent(EventTrigger.newBuilder()
                                .setEvent(TriggerEvent.TRIGGER_EVENT_DATASET_REGISTERED)
                                .setExperimentName("panel"))
                        .setStudy(template())
                        .build())
                .getTrigger();
        String runId = UUID.randomUUID().toString();
        CloudEvent registered = CloudEvent.create(
                "ratchet-tracking",
                runId,
                DatasetRegistered.newBuilder()
                        .setExperimentName("panel")
                        .setRunId(runId)
                        .setUri("file:///data/panel.csv")
                        .setDigest("sha256:ef56")
                        .setRole("train")
                        .build());
        CloudEvent metrics = CloudEvent.create(
                "trainer",
                runId,
                MetricsLogged.newBuilder()
                        .setRunId(runId)
                        .addPoints(MetricPoint.newBuilder().setKey("loss").setValue(0.5))
                        .build());
        String prefix = "malformed-" + UUID.randomUUID() + "-";
        List<MalformedCloudEvents.Case> cases = new ArrayList<>();
        cases.addAll(MalformedCloudEvents.of(onPartitionZero(registered), prefix + "runs-"));
        cases.addAll(MalformedCloudEvents.of(onPartitionZero(metrics), prefix + "metrics-"));
        cases.forEach(c -> KafkaRecords.send(LocalKafka.bootstrapServers(), c.record()));
        KafkaRecords.send(LocalKafka.bootstrapServers(), onPartitionZero(registered));

        await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> trigger(trigger.getTriggerId()).getStudiesStarted() == 1);
        List<ConsumerRecord<String, byte[]>> dead = KafkaRecords.await(
                LocalKafka.bootstrapServers(),
                "ratchet.orchestrator.dlq",
                r -> MalformedCloudEvents.isCase(r, prefix + "runs-")
                        || MalformedCloudEvents.isCase(r, prefix + "metrics-"),
                cases.size(),
                java.time.Duration.ofSeconds(60));
        assertEquals(cases.size(), dead.size(), "every malformed record on either topic is dead-lettered");
        given().when().get("/q/health/ready").then().statusCode(200);

        orchestration.cancelStudy(CancelStudyRequest.newBuilder()
                .setStudyId(trigger(trigger.getTriggerId()).getLastStudyId())
                .build());
        orchestration.deleteTrigger(DeleteTriggerRequest.newBuilder()
                .setTriggerId(trigger.getTriggerId())
                .build());
    }

    private static ProducerRecord<String, byte[]> onPartitionZero(CloudEvent event) {
        ProducerRecord<String, byte[]> record = EventCodec.record(event);
        return new ProducerRecord<>(record.topic(), 0, record.key(), record.value(), record.headers());
    }

    @Test
    void aCronTriggerIsScheduledUntilItIsDeleted() {
        Trigger trigger = orchestration
                .createTrigger(CreateTriggerRequest.newBuilder()
                        .setName("nightly")
                        .setCron("0 3 * * *")
                        .setStudy(template())
                        .build())
                .getTrigger();
        io.quarkus.scheduler.Trigger job = scheduler.getScheduledJob("trigger-" + trigger.getTriggerId());
        assertNotNull(job);
        Instant next = job.getNextFireTime();
        assertEquals(0, next.atZone(java.time.ZoneOffset.UTC).getMinute());
        assertEquals(3, next.atZone(java.time.ZoneOffset.UTC).getHour());
        assertTrue(next.isAfter(Instant.now())
                && next.isBefore(Instant.now().plus(1, ChronoUnit.DAYS).plusSeconds(1)));
        orchestration.deleteTrigger(DeleteTriggerRequest.newBuilder()
                .setTriggerId(trigger.getTriggerId())
                .build());
        assertNull(scheduler.getScheduledJob("trigger-" + trigger.getTriggerId()));
        assertStatus(
                Status.Code.NOT_FOUND,
                "no trigger",
                () -> orchestration.deleteTrigger(DeleteTriggerRequest.newBuilder()
                        .setTriggerId(trigger.getTriggerId())
                        .build()));
    }

    /**
     * Every replica schedules every cron trigger; for one scheduled time only the first to lock the
     * trigger starts a study — two replicas at once here, as two threads on the same slot.
     */
    @Test
    void aCronFiringStartsOneStudyWhateverTheReplicasThatFireIt() throws Exception {
        Trigger trigger = orchestration
                .createTrigger(CreateTriggerRequest.newBuilder()
                        .setName("hourly")
                        .setCron("0 * * * *")
                        .setStudy(template())
                        .build())
                .getTrigger();
        UUID id = UUID.fromString(trigger.getTriggerId());
        Instant slot = Instant.parse("2026-11-29T03:00:00Z");
        List<dev.ratchet.orchestrator.study.Study> started = new ArrayList<>();
        ExecutorService replicas = Executors.newFixedThreadPool(2);
        try {
            Callable<Optional<dev.ratchet.orchestrator.study.Study>> a = () -> triggers.fireCron(id, slot, "replica a");
            Callable<Optional<dev.ratchet.orchestrator.study.Study>> b = () -> triggers.fireCron(id, slot, "replica b");
            for (Future<Optional<dev.ratchet.orchestrator.study.Study>> firing : replicas.invokeAll(List.of(a, b))) {
                firing.get().ifPresent(started::add);
            }
        } finally {
            replicas.shutdown();
        }
        assertEquals(1, started.size());
        assertTrue(triggers.fireCron(id, slot, "cron, a late replica").isEmpty());
        assertEquals(1, trigger(trigger.getTriggerId()).getStudiesStarted());
        triggers.fireCron(id, slot.plus(1, ChronoUnit.HOURS), "cron, the next hour")
                .ifPresent(started::add);
        assertEquals(2, started.size());
        assertEquals(2, trigger(trigger.getTriggerId()).getStudiesStarted());
        for (dev.ratchet.orchestrator.study.Study study : started) {
            orchestration.cancelStudy(CancelStudyRequest.newBuilder()
                    .setStudyId(study.id.toString())
                    .build());
        }
        orchestration.deleteTrigger(DeleteTriggerRequest.newBuilder()
                .setTriggerId(trigger.getTriggerId())
                .build());
    }

    @Test
    void badTriggersAreRefused() {
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "is not a Unix cron expression",
                () -> orchestration.createTrigger(CreateTriggerRequest.newBuilder()
                        .setName("x")
                        .setCron("every night")
                        .setStudy(template())
                        .build()));
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "study.job is missing",
                () -> orchestration.createTrigger(CreateTriggerRequest.newBuilder()
                        .setName("x")
                        .setCron("0 3 * * *")
                        .setStudy(template().toBuilder().clearJob())
                        .build()));
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "give study.budget.time_box instead",
                () -> orchestration.createTrigger(CreateTriggerRequest.newBuilder()
                        .setName("x")
                        .setCron("0 3 * * *")
                        .setStudy(template().toBuilder()
                                .setBudget(Budget.newBuilder()
                                        .setDeadline(Timestamp.newBuilder()
                                                .setSeconds(Instant.now().getEpochSecond() + 600))))
                        .build()));
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "on_event.experiment_name is empty",
                () -> orchestration.createTrigger(CreateTriggerRequest.newBuilder()
                        .setName("x")
                        .setOnEvent(EventTrigger.newBuilder().setEvent(TriggerEvent.TRIGGER_EVENT_DATASET_REGISTERED))
                        .setStudy(template())
                        .build()));
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "set cron or on_event",
                () -> orchestration.createTrigger(CreateTriggerRequest.newBuilder()
                        .setName("x")
                        .setStudy(template())
                        .build()));
    }
}
