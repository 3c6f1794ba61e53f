package dev.ratchet.tracking.context;

import dev.ratchet.tracking.metric.MetricStore;
import dev.ratchet.tracking.run.Run;
import dev.ratchet.tracking.run.RunStatus;
import dev.ratchet.tracking.v1.MetricReproduction;
import dev.ratchet.tracking.v1.ReproductionCheck;
import dev.ratchet.tracking.v1.ReproductionVerdict;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Did a re-run reproduce its original? Each metric the original logged — its value at the highest
 * step — against the re-run's, within a relative tolerance. Worked out when asked, so metrics that
 * arrive after the re-run ended (late Kafka events) count.
 */
@ApplicationScoped
public class ReproductionChecks {
    /** What CreateRun's reproduction_tolerance 0 stands for: equal up to rounding. */
    public static final double DEFAULT_TOLERANCE = 1e-6;
    /** Metrics of the machine rather than the model (speed, memory): not compared. */
    static final String SYSTEM_PREFIX = "system/";

    @Inject
    MetricStore metrics;

    /** The check of a re-run; empty for a run that re-runs none. */
    public Optional<ReproductionCheck> check(Run rerun) {
        if (rerun.reproducesRunId == null) {
            return Optional.empty();
        }
        ReproductionCheck.Builder check = ReproductionCheck.newBuilder()
                .setOriginalRunId(rerun.reproducesRunId.toString())
                .setTolerance(rerun.reproductionTolerance);
        if (!rerun.status.ended()) {
            return Optional.of(check.setVerdict(ReproductionVerdict.REPRODUCTION_VERDICT_PENDING)
                    .setReason("the re-run has not ended")
                    .build());
        }
        Map<String, MetricStore.Summary> rerunValues = metrics.summaries(rerun.id).stream()
                .collect(Collectors.toMap(ReproductionChecks::series, Function.identity()));
        List<String> misses = new ArrayList<>();
        for (MetricStore.Summary original : metrics.summaries(rerun.reproducesRunId)) {
            if (original.key().startsWith(SYSTEM_PREFIX)) {
                continue;
            }
            MetricReproduction.Builder metric = MetricReproduction.newBuilder()
                    .setKey(original.key())
                    .setContext(original.context())
                    .setOriginalValue(original.lastValue());
            MetricStore.Summary again = rerunValues.get(series(original));
            if (again == null) {
                misses.add(series(original) + " was not logged");
            } else {
                metric.setRerunValue(again.lastValue());
                metric.setWithinTolerance(within(original.lastValue(), again.lastValue(), rerun.reproductionTolerance));
                if (!metric.getWithinTolerance()) {
                    misses.add(String.format(
                            Locale.ROOT,
                            "%s is %s, the original's %s",
                            series(original),
                            again.lastValue(),
                            original.lastValue()));
                }
            }
            check.addMetrics(metric);
        }
        if (rerun.status != RunStatus.FINISHED) {
            misses.add(0, "the re-run ended " + rerun.status);
        } else if (check.getMetricsCount() == 0) {
            misses.add("the original logged no metrics to compare");
        }
        return Optional.of(check.setVerdict(
                        misses.isEmpty()
                                ? ReproductionVerdict.REPRODUCTION_VERDICT_REPRODUCED
                                : ReproductionVerdict.REPRODUCTION_VERDICT_NOT_REPRODUCED)
                .setReason(
                        misses.isEmpty()
                                ? "every metric within a relative " + rerun.reproductionTolerance
                                : String.join("; ", misses))
                .build());
    }

    /** Equal (NaN to NaN, infinity to the same infinity), or apart by at most tolerance · the larger magnitude. */
    static boolean within(double original, double rerun, double tolerance) {
        if (Double.compare(original, rerun) == 0 || original == rerun) {
            return true;
        }
        if (Double.isInfinite(original) || Double.isInfinite(rerun)) {
            return false;
        }
        return Math.abs(rerun - original) <= tolerance * Math.max(Math.abs(rerun), Math.abs(original));
    }

    private static String series(MetricStore.Summary summary) {
        return summary.key() + " ("
                + summary.context().name().replace("METRIC_CONTEXT_", "").toLowerCase(Locale.ROOT) + ")";
    }
}
