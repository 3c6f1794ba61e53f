package dev.ratchet.orchestrator.trial;

import dev.ratchet.events.v1.MetricContext;
import dev.ratchet.tracking.v1.GetRunRequest;
import dev.ratchet.tracking.v1.MetricSummary;
import dev.ratchet.tracking.v1.TrackingServiceGrpc.TrackingServiceBlockingStub;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * What tracking has stored of a trial's objective series. A job logs through tracking, whose
 * outbox forwards the points to Kafka later — after a broker outage, much later — so the topic
 * alone cannot say that a trial's curve is complete; tracking, which acknowledged every point the
 * job sent before it exited, can. The orchestrator values a trial only once it has received the
 * series up to the step tracking holds.
 */
@ApplicationScoped
public class TrackedObjective {
    private static final Logger LOG = Logger.getLogger(TrackedObjective.class);
    private static final long TIMEOUT_SECONDS = 3;

    /** Tracking's answer: the series' highest step, none logged, or no answer (down, or the run is not its). */
    public record LastStep(Answer answer, long step) {
        public enum Answer {
            LOGGED,
            NONE,
            UNKNOWN
        }

        static final LastStep NONE = new LastStep(Answer.NONE, -1);
        static final LastStep UNKNOWN = new LastStep(Answer.UNKNOWN, -1);

        /** Whether tracking holds points beyond {@code seen}, the highest step received here (empty for none). */
        public boolean ahead(OptionalLong seen) {
            return answer == Answer.LOGGED && (seen.isEmpty() || seen.getAsLong() < step);
        }
    }

    @GrpcClient("tracking")
    TrackingServiceBlockingStub tracking;

    /** The highest step of {@code metric} in {@code context} (any context when unspecified) tracking holds for the run. */
    public LastStep lastStep(UUID runId, String metric, MetricContext context) {
        try {
            OptionalLong last = tracking
                    .withDeadlineAfter(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .getRun(GetRunRequest.newBuilder()
                            .setRunId(runId.toString())
                            .build())
                    .getRun()
                    .getMetricsList()
                    .stream()
                    .filter(m -> m.getKey().equals(metric))
                    .filter(m -> context == MetricContext.METRIC_CONTEXT_UNSPECIFIED || m.getContext() == context)
                    .mapToLong(MetricSummary::getLastStep)
                    .max();
            return last.isPresent() ? new LastStep(LastStep.Answer.LOGGED, last.getAsLong()) : LastStep.NONE;
        } catch (StatusRuntimeException e) {
            LOG.debugf(
                    "Tracking could not say what run %s logged (%s); valuing on the metrics topic alone",
                    runId, e.getStatus());
            return LastStep.UNKNOWN;
        }
    }
}
