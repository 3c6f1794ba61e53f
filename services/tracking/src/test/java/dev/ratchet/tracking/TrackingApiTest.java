package dev.ratchet.tracking;

import static dev.ratchet.testing.GrpcAssertions.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ratchet.contract.events.CloudEvent;
import dev.ratchet.contract.events.EventCodec;
import dev.ratchet.contract.events.EventType;
import dev.ratchet.contract.events.Topics;
import dev.ratchet.events.v1.RunFinished;
import dev.ratchet.events.v1.RunOutcome;
import dev.ratchet.events.v1.RunStarted;
import dev.ratchet.testing.KafkaBrokerResource;
import dev.ratchet.testing.KafkaRecords;
import dev.ratchet.testing.LocalKafka;
import dev.ratchet.tracking.v1.Approach;
import dev.ratchet.tracking.v1.ArchiveExperimentRequest;
import dev.ratchet.tracking.v1.CreateExperimentRequest;
import dev.ratchet.tracking.v1.CreateRunRequest;
import dev.ratchet.tracking.v1.Experiment;
import dev.ratchet.tracking.v1.GetExperimentRequest;
import dev.ratchet.tracking.v1.GetMetricHistoryRequest;
import dev.ratchet.tracking.v1.GetRunRequest;
import dev.ratchet.tracking.v1.ListExperimentsRequest;
import dev.ratchet.tracking.v1.RenameExperimentRequest;
import dev.ratchet.tracking.v1.Run;
import dev.ratchet.tracking.v1.RunStatus;
import dev.ratchet.tracking.v1.TrackingServiceGrpc.TrackingServiceBlockingStub;
import dev.ratchet.tracking.v1.UpdateRunRequest;
import io.grpc.Status;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
class TrackingApiTest {

    @GrpcClient("tracking")
    TrackingServiceBlockingStub tracking;

    @Test
    void createsExperimentsAndRunsAndAnnouncesTheRunThroughTheOutbox() {
        Experiment experiment = createExperiment("api-" + UUID.randomUUID());
        assertEquals(
                experiment,
                tracking.getExperiment(GetExperimentRequest.newBuilder()
                                .setExperimentId(experiment.getExperimentId())
                                .build())
                        .getExperiment());

        Run run = tracking.createRun(CreateRunRequest.newBuilder()
                        .setExperimentId(experiment.getExperimentId())
                        .setName("baseline")
                        .putParams("model", "majority")
                        .build())
                .getRun();
        assertEquals(RunStatus.RUN_STATUS_RUNNING, run.getStatus());
        assertEquals(experiment.getName(), run.getExperimentName());
        assertEquals(Map.of("model", "majority"), run.getParamsMap());
        assertEquals(
                run,
                tracking.getRun(GetRunRequest.newBuilder()
                                .setRunId(run.getRunId())
                                .build())
                        .getRun());

        List<ConsumerRecord<String, byte[]>> started = KafkaRecords.await(
                LocalKafka.bootstrapServers(),
                Topics.RUNS,
                r -> run.getRunId().equals(r.key()),
                Duration.ofSeconds(30));
        assertEquals(1, started.size(), "RunStarted relayed from the outbox");
        CloudEvent event =
                EventCodec.decode(started.get(0).headers(), started.get(0).value());
        assertEquals(EventType.RUN_STARTED, event.type());
        assertEquals("ratchet-tracking", event.source());
        RunStarted payload = event.dataAs(RunStarted.class);
        assertEquals(experiment.getName(), payload.getExperimentName());
        assertEquals("majority", payload.getParamsOrThrow("model"));
    }

    @Test
    void listsRenamesAndArchivesExperiments() {
        Experiment experiment = createExperiment("lifecycle-" + UUID.randomUUID());
        String newName = "renamed-" + UUID.randomUUID();
        Experiment renamed = tracking.renameExperiment(RenameExperimentRequest.newBuilder()
                        .setExperimentId(experiment.getExperimentId())
                        .setNewName(newName)
                        .build())
                .getExperiment();
        assertEquals(newName, renamed.getName());
        assertTrue(listed(false).contains(newName));

        tracking.archiveExperiment(ArchiveExperimentRequest.newBuilder()
                .setExperimentId(experiment.getExperimentId())
                .setArchived(true)
                .build());
        assertFalse(listed(false).contains(newName), "archived experiments are hidden");
        assertTrue(listed(true).contains(newName));
        assertStatus(
                Status.Code.FAILED_PRECONDITION,
                "is archived; restore it",
                () -> tracking.createRun(CreateRunRequest.newBuilder()
                        .setExperimentId(experiment.getExperimentId())
                        .build()));

        tracking.archiveExperiment(ArchiveExperimentRequest.newBuilder()
                .setExperimentId(experiment.getExperimentId())
                .setArchived(false)
                .build());
        Experiment taken = createExperiment("taken-" + UUID.randomUUID());
        assertStatus(
                Status.Code.ALREADY_EXISTS,
                "choose another name",
                () -> tracking.renameExperiment(RenameExperimentRequest.newBuilder()
                        .setExperimentId(experiment.getExperimentId())
                        .setNewName(taken.getName())
                        .build()));
    }

    @Test
    void aRunRecordsWhoWhyWhichApproachAndItsParent() {
        Experiment experiment = createExperiment("details-" + UUID.randomUUID());
        Run parent = tracking.createRun(CreateRunRequest.newBuilder()
                        .setExperimentId(experiment.getExperimentId())
                        .setName("study")
                        .build())
                .getRun();
        Run child = tracking.createRun(CreateRunRequest.newBuilder()
                        .setExperimentId(experiment.getExperimentId())
                        .setName("trial-1")
                        .setUser("ada")
                        .setNotes("deeper trees overfit less with more data")
                        .setApproach(Approach.APPROACH_POPULAR)
                        .setParentRunId(parent.getRunId())
                        .build())
                .getRun();
        assertEquals("ada", child.getUser());
        assertEquals("deeper trees overfit less with more data", child.getNotes());
        assertEquals(Approach.APPROACH_POPULAR, child.getApproach());
        assertEquals(parent.getRunId(), child.getParentRunId());

        Experiment other = createExperiment("other-" + UUID.randomUUID());
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "is not in experiment '" + other.getName() + "'",
                () -> tracking.createRun(CreateRunRequest.newBuilder()
                        .setExperimentId(other.getExperimentId())
                        .setParentRunId(parent.getRunId())
                        .build()));
    }

    @Test
    void theListCountsEachExperimentsRuns() {
        Experiment three = createExperiment("three-" + UUID.randomUUID());
        Experiment none = createExperiment("none-" + UUID.randomUUID());
        for (int i = 0; i < 3; i++) {
            tracking.createRun(CreateRunRequest.newBuilder()
                    .setExperimentId(three.getExperimentId())
                    .build());
        }
        Map<String, Long> counts =
                tracking.listExperiments(ListExperimentsRequest.getDefaultInstance()).getExperimentsList().stream()
                        .collect(Collectors.toMap(Experiment::getName, Experiment::getRunCount));
        assertEquals(3L, counts.get(three.getName()));
        assertEquals(0L, counts.get(none.getName()));
    }

    private List<String> listed(boolean includeArchived) {
        return tracking
                .listExperiments(ListExperimentsRequest.newBuilder()
                        .setIncludeArchived(includeArchived)
                        .build())
                .getExperimentsList()
                .stream()
                .map(Experiment::getName)
                .toList();
    }

    @Test
    void endsARunOnceAndEmitsRunFinished() {
        Run run = tracking.createRun(CreateRunRequest.newBuilder()
                        .setExperimentId(
                                createExperiment("end-" + UUID.randomUUID()).getExperimentId())
                        .build())
                .getRun();
        UpdateRunRequest fail = UpdateRunRequest.newBuilder()
                .setRunId(run.getRunId())
                .setStatus(RunStatus.RUN_STATUS_FAILED)
                .setMessage("out of memory")
                .build();
        Run failed = tracking.updateRun(fail).getRun();
        assertEquals(RunStatus.RUN_STATUS_FAILED, failed.getStatus());
        assertTrue(failed.hasEndTime());
        assertEquals(failed, tracking.updateRun(fail).getRun(), "a retried call changes nothing");

        assertStatus(
                Status.Code.FAILED_PRECONDITION,
                "already ended as FAILED",
                () -> tracking.updateRun(fail.toBuilder()
                        .setStatus(RunStatus.RUN_STATUS_FINISHED)
                        .build()));

        List<ConsumerRecord<String, byte[]>> finished = KafkaRecords.await(
                LocalKafka.bootstrapServers(),
                Topics.RUNS,
                r -> run.getRunId().equals(r.key())
                        && EventCodec.decode(r.headers(), r.value()).type() == EventType.RUN_FINISHED,
                Duration.ofSeconds(30));
        RunFinished payload = EventCodec.decode(
                        finished.get(0).headers(), finished.get(0).value())
                .dataAs(RunFinished.class);
        assertEquals(RunOutcome.RUN_OUTCOME_FAILED, payload.getOutcome());
        assertEquals("out of memory", payload.getMessage());
    }

    @Test
    void rejectsBadRequestsWithAStatusThatSaysWhatToFix() {
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "name is required",
                () -> tracking.createExperiment(
                        CreateExperimentRequest.newBuilder().setName("  ").build()));
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "at most 200",
                () -> tracking.createExperiment(CreateExperimentRequest.newBuilder()
                        .setName("x".repeat(201))
                        .build()));
        String name = "dup-" + UUID.randomUUID();
        createExperiment(name);
        assertStatus(
                Status.Code.ALREADY_EXISTS,
                "choose another name",
                () -> tracking.createExperiment(
                        CreateExperimentRequest.newBuilder().setName(name).build()));

        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "run_id 'nope' is not a UUID",
                () -> tracking.getRun(
                        GetRunRequest.newBuilder().setRunId("nope").build()));
        String unknown = UUID.randomUUID().toString();
        assertStatus(
                Status.Code.NOT_FOUND,
                "no run with id " + unknown,
                () -> tracking.getRun(
                        GetRunRequest.newBuilder().setRunId(unknown).build()));
        assertStatus(
                Status.Code.NOT_FOUND,
                "no experiment with id " + unknown,
                () -> tracking.createRun(
                        CreateRunRequest.newBuilder().setExperimentId(unknown).build()));
        assertStatus(
                Status.Code.NOT_FOUND,
                "no run",
                () -> tracking.getMetricHistory(GetMetricHistoryRequest.newBuilder()
                        .setRunId(unknown)
                        .setKey("loss")
                        .build()));
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "status must be",
                () -> tracking.updateRun(UpdateRunRequest.newBuilder()
                        .setRunId(unknown)
                        .setStatus(RunStatus.RUN_STATUS_RUNNING)
                        .build()));
    }

    @Test
    void recordsARunStartedByAnotherServiceAndEndsItOnRunFinished() {
        String runId = UUID.randomUUID().toString();
        String experimentName = "events-" + UUID.randomUUID();
        CloudEvent started = CloudEvent.create(
                "test",
                runId,
                RunStarted.newBuilder()
                        .setRunId(runId)
                        .setExperimentName(experimentName)
                        .setRunName("trial-1")
                        .putParams("lr", "0.1")
                        .build());
        KafkaRecords.send(LocalKafka.bootstrapServers(), EventCodec.record(started));
        Run run = TrackingAwait.run(tracking, runId, r -> r.getStatus() == RunStatus.RUN_STATUS_RUNNING);
        assertEquals(experimentName, run.getExperimentName());
        assertEquals("0.1", run.getParamsOrThrow("lr"));

        KafkaRecords.send(
                LocalKafka.bootstrapServers(),
                EventCodec.record(CloudEvent.create(
                        "test",
                        runId,
                        RunFinished.newBuilder()
                                .setRunId(runId)
                                .setOutcome(RunOutcome.RUN_OUTCOME_FINISHED)
                                .build())));
        TrackingAwait.run(tracking, runId, r -> r.getStatus() == RunStatus.RUN_STATUS_FINISHED);
    }

    private Experiment createExperiment(String name) {
        return tracking.createExperiment(
                        CreateExperimentRequest.newBuilder().setName(name).build())
                .getExperiment();
    }
}
