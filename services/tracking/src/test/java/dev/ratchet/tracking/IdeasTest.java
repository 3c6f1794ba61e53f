package dev.ratchet.tracking;

import static dev.ratchet.testing.GrpcAssertions.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Timestamp;
import dev.ratchet.contract.events.EventCodec;
import dev.ratchet.contract.events.EventType;
import dev.ratchet.contract.events.Topics;
import dev.ratchet.events.v1.IdeaExpired;
import dev.ratchet.events.v1.MetricContext;
import dev.ratchet.events.v1.MetricPoint;
import dev.ratchet.testing.KafkaBrokerResource;
import dev.ratchet.testing.KafkaRecords;
import dev.ratchet.testing.LocalKafka;
import dev.ratchet.tracking.idea.Ideas;
import dev.ratchet.tracking.v1.CreateExperimentRequest;
import dev.ratchet.tracking.v1.CreateIdeaRequest;
import dev.ratchet.tracking.v1.CreateRunRequest;
import dev.ratchet.tracking.v1.Idea;
import dev.ratchet.tracking.v1.IdeaStatus;
import dev.ratchet.tracking.v1.ListIdeasRequest;
import dev.ratchet.tracking.v1.LogBatchRequest;
import dev.ratchet.tracking.v1.MetricDirection;
import dev.ratchet.tracking.v1.SetBaselineRequest;
import dev.ratchet.tracking.v1.TrackingServiceGrpc.TrackingServiceBlockingStub;
import io.grpc.Status;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
class IdeasTest {

    @GrpcClient("tracking")
    TrackingServiceBlockingStub tracking;

    @Inject
    Ideas ideas;

    @Test
    void anIdeaSucceedsWhenOneOfItsRunsBecomesTheBaselineAndFailsWhenItsTimeBoxEnds() {
        String experimentId = tracking.createExperiment(CreateExperimentRequest.newBuilder()
                        .setName("ideas-" + UUID.randomUUID())
                        .build())
                .getExperiment()
                .getExperimentId();
        Idea boosting = idea(experimentId, "gradient boosting", 7);
        assertEquals(IdeaStatus.IDEA_STATUS_OPEN, boosting.getStatus());
        assertEquals(
                7 * 86_400,
                boosting.getDeadline().getSeconds() - boosting.getCreateTime().getSeconds());
        Idea features = idea(experimentId, "interaction features", 3);

        String weak = run(experimentId, boosting.getIdeaId(), 0.45);
        String strong = run(experimentId, boosting.getIdeaId(), 0.31);
        run(experimentId, features.getIdeaId(), 0.52);
        tracking.setBaseline(SetBaselineRequest.newBuilder()
                .setExperimentId(experimentId)
                .setRunId(strong)
                .setMetric("val_loss")
                .setDirection(MetricDirection.METRIC_DIRECTION_MINIMIZE)
                .setReason("beat the majority class")
                .build());

        assertEquals(1, ideas.closeExpired(Instant.now().plus(Duration.ofDays(4))), "only the 3-day idea is due");
        List<Idea> listed = tracking.listIdeas(ListIdeasRequest.newBuilder()
                        .setExperimentId(experimentId)
                        .build())
                .getIdeasList();
        Idea failed = listed.get(0);
        Idea succeeded = listed.get(1);
        assertEquals(IdeaStatus.IDEA_STATUS_FAILED, failed.getStatus());
        assertEquals(1, failed.getRunCount());
        assertEquals(IdeaStatus.IDEA_STATUS_SUCCEEDED, succeeded.getStatus());
        assertEquals(2, succeeded.getRunCount());
        assertEquals(strong, succeeded.getBestRunId(), "best by the baseline's metric and direction, not " + weak);
        assertEquals(0.31, succeeded.getBestValue());

        List<ConsumerRecord<String, byte[]>> expired = KafkaRecords.await(
                LocalKafka.bootstrapServers(),
                Topics.RUNS,
                r -> features.getIdeaId().equals(r.key())
                        && EventCodec.decode(r.headers(), r.value()).type() == EventType.IDEA_EXPIRED,
                Duration.ofSeconds(30));
        assertEquals(
                "interaction features",
                EventCodec.decode(expired.get(0).headers(), expired.get(0).value())
                        .dataAs(IdeaExpired.class)
                        .getTitle());

        assertStatus(
                Status.Code.FAILED_PRECONDITION,
                "is closed (FAILED); open a new idea",
                () -> tracking.createRun(CreateRunRequest.newBuilder()
                        .setExperimentId(experimentId)
                        .setIdeaId(features.getIdeaId())
                        .build()));
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "time_box_days is 0; it must be 1 to 365",
                () -> idea(experimentId, "no time", 0));
        assertTrue(succeeded.hasCloseTime());
    }

    private Idea idea(String experimentId, String title, int days) {
        return tracking.createIdea(CreateIdeaRequest.newBuilder()
                        .setExperimentId(experimentId)
                        .setTitle(title)
                        .setHypothesis("it lowers validation loss")
                        .setOwner("ada")
                        .setTimeBoxDays(days)
                        .build())
                .getIdea();
    }

    private String run(String experimentId, String ideaId, double valLoss) {
        String runId = tracking.createRun(CreateRunRequest.newBuilder()
                        .setExperimentId(experimentId)
                        .setIdeaId(ideaId)
                        .build())
                .getRun()
                .getRunId();
        tracking.logBatch(LogBatchRequest.newBuilder()
                .setRunId(runId)
                .addMetrics(MetricPoint.newBuilder()
                        .setKey("val_loss")
                        .setValue(valLoss)
                        .setContext(MetricContext.METRIC_CONTEXT_VALIDATION)
                        .setTimestamp(Timestamp.newBuilder().setSeconds(1_700_000_000L)))
                .build());
        return runId;
    }
}
