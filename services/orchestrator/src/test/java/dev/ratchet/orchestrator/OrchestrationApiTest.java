package dev.ratchet.orchestrator;

import static dev.ratchet.testing.GrpcAssertions.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ratchet.contract.events.CloudEvent;
import dev.ratchet.contract.events.EventCodec;
import dev.ratchet.contract.events.EventType;
import dev.ratchet.contract.events.Topics;
import dev.ratchet.events.v1.EvaluationRequested;
import dev.ratchet.events.v1.InlinePredictions;
import dev.ratchet.events.v1.PredictionSource;
import dev.ratchet.events.v1.RunStarted;
import dev.ratchet.orchestration.v1.CreateStudyRequest;
import dev.ratchet.orchestration.v1.Direction;
import dev.ratchet.orchestration.v1.GetStudyRequest;
import dev.ratchet.orchestration.v1.ListStudiesRequest;
import dev.ratchet.orchestration.v1.Objective;
import dev.ratchet.orchestration.v1.OrchestrationServiceGrpc.OrchestrationServiceBlockingStub;
import dev.ratchet.orchestration.v1.RequestEvaluationRequest;
import dev.ratchet.orchestration.v1.Study;
import dev.ratchet.orchestration.v1.StudyState;
import dev.ratchet.orchestration.v1.SubmitRunRequest;
import dev.ratchet.testing.KafkaBrokerResource;
import dev.ratchet.testing.KafkaRecords;
import dev.ratchet.testing.LocalKafka;
import io.grpc.Status;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
class OrchestrationApiTest {

    @GrpcClient("orchestration")
    OrchestrationServiceBlockingStub orchestration;

    @Test
    void createsAndReadsAStudy() {
        Study study = orchestration.createStudy(studyRequest().build()).getStudy();
        assertEquals(StudyState.STUDY_STATE_CREATED, study.getState());
        assertEquals("val_f1", study.getObjective().getMetric());
        assertEquals(
                study,
                orchestration
                        .getStudy(GetStudyRequest.newBuilder()
                                .setStudyId(study.getStudyId())
                                .build())
                        .getStudy());
    }

    @Test
    void listsAnExperimentsStudiesNewestFirst() {
        String experiment = "listed-" + UUID.randomUUID();
        Study first = orchestration
                .createStudy(studyRequest().setExperimentName(experiment).build())
                .getStudy();
        Study second = orchestration
                .createStudy(studyRequest().setExperimentName(experiment).build())
                .getStudy();
        orchestration.createStudy(
                studyRequest().setExperimentName("other-" + UUID.randomUUID()).build());

        assertEquals(
                List.of(second.getStudyId(), first.getStudyId()),
                orchestration
                        .listStudies(ListStudiesRequest.newBuilder()
                                .setExperimentName(experiment)
                                .build())
                        .getStudiesList()
                        .stream()
                        .map(Study::getStudyId)
                        .toList());
        assertEquals(
                1,
                orchestration
                        .listStudies(ListStudiesRequest.newBuilder()
                                .setExperimentName(experiment)
                                .setMaxResults(1)
                                .build())
                        .getStudiesCount());
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "experiment_name is required",
                () -> orchestration.listStudies(ListStudiesRequest.getDefaultInstance()));
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "max_results must be 1 to 1000",
                () -> orchestration.listStudies(ListStudiesRequest.newBuilder()
                        .setExperimentName(experiment)
                        .setMaxResults(5000)
                        .build()));
    }

    @Test
    void submittedRunsAndEvaluationRequestsAreAnnouncedAsEvents() {
        Study study = orchestration.createStudy(studyRequest().build()).getStudy();
        String runId = orchestration
                .submitRun(SubmitRunRequest.newBuilder()
                        .setExperimentName("credit")
                        .setRunName("trial-1")
                        .setStudyId(study.getStudyId())
                        .putParams("max_depth", "4")
                        .build())
                .getRunId();

        CloudEvent started = awaitEvent(Topics.RUNS, runId, EventType.RUN_STARTED);
        assertEquals("ratchet-orchestrator", started.source());
        RunStarted payload = started.dataAs(RunStarted.class);
        assertEquals("credit", payload.getExperimentName());
        assertEquals(study.getStudyId(), payload.getStudyId());
        assertEquals("4", payload.getParamsOrThrow("max_depth"));

        PredictionSource source = PredictionSource.newBuilder()
                .setInline(InlinePredictions.newBuilder().addLabels("good").addPredictions("bad"))
                .build();
        String evaluationId = orchestration
                .requestEvaluation(RequestEvaluationRequest.newBuilder()
                        .setRunId(runId)
                        .setSource(source)
                        .build())
                .getEvaluationId();
        EvaluationRequested requested = awaitEvent(Topics.EVALUATIONS, runId, EventType.EVALUATION_REQUESTED)
                .dataAs(EvaluationRequested.class);
        assertEquals(evaluationId, requested.getEvaluationId());
        assertEquals(source, requested.getSource());
    }

    @Test
    void rejectsBadRequestsWithAStatusThatSaysWhatToFix() {
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "objective.direction",
                () -> orchestration.createStudy(studyRequest()
                        .setObjective(Objective.newBuilder().setMetric("f1"))
                        .build()));
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "max_trials is 0",
                () -> orchestration.createStudy(studyRequest().setMaxTrials(0).build()));
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "experiment_name is required",
                () -> orchestration.submitRun(SubmitRunRequest.getDefaultInstance()));
        String unknown = UUID.randomUUID().toString();
        assertStatus(
                Status.Code.NOT_FOUND,
                "no study with id " + unknown,
                () -> orchestration.submitRun(SubmitRunRequest.newBuilder()
                        .setExperimentName("x")
                        .setStudyId(unknown)
                        .build()));
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "source is required",
                () -> orchestration.requestEvaluation(
                        RequestEvaluationRequest.newBuilder().setRunId(unknown).build()));
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "2 labels but 1 predictions",
                () -> orchestration.requestEvaluation(RequestEvaluationRequest.newBuilder()
                        .setRunId(unknown)
                        .setSource(PredictionSource.newBuilder()
                                .setInline(InlinePredictions.newBuilder()
                                        .addLabels("a")
                                        .addLabels("b")
                                        .addPredictions("a")))
                        .build()));
        assertStatus(
                Status.Code.NOT_FOUND,
                "was submitted through this orchestrator",
                () -> orchestration.requestEvaluation(RequestEvaluationRequest.newBuilder()
                        .setRunId(unknown)
                        .setSource(PredictionSource.newBuilder()
                                .setInline(InlinePredictions.newBuilder()
                                        .addLabels("a")
                                        .addPredictions("a")))
                        .build()));
    }

    private static CreateStudyRequest.Builder studyRequest() {
        return CreateStudyRequest.newBuilder()
                .setName("search")
                .setExperimentName("credit")
                .setMaxTrials(20)
                .setObjective(Objective.newBuilder().setMetric("val_f1").setDirection(Direction.DIRECTION_MAXIMIZE));
    }

    private static CloudEvent awaitEvent(String topic, String key, EventType type) {
        List<ConsumerRecord<String, byte[]>> records = KafkaRecords.await(
                LocalKafka.bootstrapServers(),
                topic,
                r -> key.equals(r.key())
                        && EventCodec.decode(r.headers(), r.value()).type() == type,
                Duration.ofSeconds(30));
        assertEquals(1, records.size(), type + " for " + key + " on " + topic);
        return EventCodec.decode(records.get(0).headers(), records.get(0).value());
    }
}
