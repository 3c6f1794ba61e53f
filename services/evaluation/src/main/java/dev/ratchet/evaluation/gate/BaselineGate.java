package dev.ratchet.evaluation.gate;

import dev.ratchet.evaluation.data.TableException;
import dev.ratchet.evaluation.metrics.ConfusionCounts;
import dev.ratchet.evaluation.metrics.Interval;
import dev.ratchet.evaluation.metrics.Intervals;
import dev.ratchet.evaluation.metrics.Intervals.BootstrapSettings;
import dev.ratchet.evaluation.scoring.ClassificationEvaluator;
import dev.ratchet.evaluation.scoring.Metric;
import dev.ratchet.evaluation.scoring.TaskEvaluator;
import dev.ratchet.evaluation.v1.BehavioralResult;
import dev.ratchet.evaluation.v1.CheckStatus;
import dev.ratchet.evaluation.v1.GateReport;
import dev.ratchet.evaluation.v1.HygieneCheck;
import dev.ratchet.evaluation.v1.SliceComparison;
import dev.ratchet.events.v1.Decision;
import dev.ratchet.events.v1.GateOptions;
import dev.ratchet.events.v1.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The ratchet's gate: the candidate and the baseline on the same test rows. It promotes only when
 * the candidate is better by the required margin, significantly so (a paired bootstrap interval of
 * the difference that excludes 0), no slice gets worse by more than allowed, and hygiene is clean.
 */
public final class BaselineGate {
    static final double DEFAULT_MAX_SLICE_REGRESSION = 0.05;

    private final TaskEvaluator candidate;
    private final TaskEvaluator baseline;
    private final GateOptions options;
    private final BootstrapSettings bootstrap;
    private final int rowBootstrapLimit;

    public BaselineGate(
            TaskEvaluator candidate,
            TaskEvaluator baseline,
            GateOptions options,
            BootstrapSettings bootstrap,
            int rowBootstrapLimit) {
        this.candidate = candidate;
        this.baseline = baseline;
        this.options = options;
        this.bootstrap = bootstrap;
        this.rowBootstrapLimit = rowBootstrapLimit;
    }

    /** The metric compared: the option, or the task's headline metric. */
    public String metric() {
        String metric = options.getMetric().isEmpty() ? candidate.headlineMetric() : options.getMetric();
        if (!candidate.metricNames().contains(metric)) {
            throw new TableException("gate.metric '" + metric + "' is not computed for this evaluation; choose one of "
                    + candidate.metricNames());
        }
        return metric;
    }

    /**
     * @param slices the declared slices' groups (name → rows)
     * @param hygiene the hygiene checks that ran
     * @param behavioral the behavioral tests that ran
     */
    public GateReport decide(
            int[] rows,
            Map<String, int[]> slices,
            long minSliceRows,
            List<HygieneCheck> hygiene,
            List<BehavioralResult> behavioral) {
        String metric = metric();
        boolean higherIsBetter = TaskEvaluator.higherIsBetter(metric);
        double sign = higherIsBetter ? 1 : -1;
        double candidateValue = candidate.value(metric, rows);
        double baselineValue = baseline.value(metric, rows);
        double difference = candidateValue - baselineValue;
        Interval interval = differenceInterval(metric, rows);
        Verdict.Builder verdict = Verdict.newBuilder()
                .setMetric(metric)
                .setHigherIsBetter(higherIsBetter)
                .setCandidateValue(candidateValue)
                .setBaselineValue(baselineValue)
                .setDifference(difference)
                .setMcnemarPValue(mcNemar(rows))
                .setBaselineRunId(options.getBaselineRunId());
        if (interval != null) {
            verdict.setDifferenceInterval(
                    new Metric("difference", difference, interval).toProto().getInterval());
        }
        List<String> failures = new ArrayList<>();
        double improvement = sign * difference;
        if (!(improvement > 0) || improvement < options.getMinImprovement()) {
            failures.add(String.format(
                    Locale.ROOT,
                    "%s improves by %.4g (candidate %.4g, baseline %.4g); at least %s" + " is required",
                    metric,
                    improvement,
                    candidateValue,
                    baselineValue,
                    options.getMinImprovement() > 0
                            ? String.format(Locale.ROOT, "%.4g", options.getMinImprovement())
                            : "a positive improvement"));
        }
        if (options.getMinRelativeImprovement() > 0
                && baselineValue != 0
                && improvement / Math.abs(baselineValue) < options.getMinRelativeImprovement()) {
            failures.add(String.format(
                    Locale.ROOT,
                    "%s improves by %.2f%% relative; at least %.2f%% is required",
                    metric,
                    100 * improvement / Math.abs(baselineValue),
                    100 * options.getMinRelativeImprovement()));
        }
        if (!options.getAllowInsignificant()) {
            if (interval == null) {
                failures.add("the difference has no interval (more than " + rowBootstrapLimit
                        + " rows for a row bootstrap of " + metric + "), so its significance is unknown");
            } else if (!(sign * (higherIsBetter ? interval.lower() : interval.upper()) > 0)) {
                failures.add(String.format(
                        Locale.ROOT,
                        "the improvement is not significant: the %.0f%% paired bootstrap"
                                + " interval of the difference is [%.4g, %.4g]",
                        100 * interval.level(),
                        interval.lower(),
                        interval.upper()));
            }
        }
        GateReport.Builder report = GateReport.newBuilder();
        baseline.metrics(rows).forEach(m -> report.addBaselineMetrics(m.toProto()));
        double maxRegression =
                options.getMaxSliceRegression() == 0 ? DEFAULT_MAX_SLICE_REGRESSION : options.getMaxSliceRegression();
        for (Map.Entry<String, int[]> slice : slices.entrySet()) {
            int[] sliceRows = slice.getValue();
            if (sliceRows.length < minSliceRows) {
                continue;
            }
            double c = candidate.value(metric, sliceRows);
            double b = baseline.value(metric, sliceRows);
            boolean regressed = maxRegression >= 0 && sign * (c - b) < -maxRegression;
            report.addSlices(SliceComparison.newBuilder()
                    .setSlice(slice.getKey())
                    .setSupport(sliceRows.length)
                    .setCandidateValue(c)
                    .setBaselineValue(b)
                    .setDifference(c - b)
                    .setRegressed(regressed));
            if (regressed) {
                failures.add(String.format(
                        Locale.ROOT,
                        "slice %s gets worse: %s %.4g against the baseline's %.4g" + " (at most %.4g worse is allowed)",
                        slice.getKey(),
                        metric,
                        c,
                        b,
                        maxRegression));
            }
        }
        if (!options.getAllowHygieneFailures()) {
            hygiene.stream()
                    .filter(h -> h.getStatus() == CheckStatus.CHECK_STATUS_FAIL)
                    .forEach(h -> failures.add("hygiene check " + h.getName() + " failed: " + h.getSummary()));
        }
        if (!options.getAllowBehavioralFailures()) {
            behavioral.stream()
                    .filter(b -> b.getFailed() > 0)
                    .forEach(b -> failures.add(String.format(
                            Locale.ROOT,
                            "behavioral test '%s' fails on %d of %d rows",
                            b.getName(),
                            b.getFailed(),
                            b.getTested())));
        }
        if (failures.isEmpty()) {
            verdict.setDecision(Decision.DECISION_PROMOTE)
                    .addReasons(String.format(
                            Locale.ROOT,
                            "%s %.4g against the baseline's %.4g: %+.4g%s, no slice worse by more than %.4g, hygiene clean",
                            metric,
                            candidateValue,
                            baselineValue,
                            difference,
                            interval == null
                                    ? ""
                                    : String.format(
                                            Locale.ROOT,
                                            " (%.0f%% interval [%.4g, %.4g])",
                                            100 * interval.level(),
                                            interval.lower(),
                                            interval.upper()),
                            maxRegression));
        } else {
            verdict.setDecision(Decision.DECISION_REJECT).addAllReasons(failures);
        }
        return report.setVerdict(verdict).build();
    }

    /**
     * Paired bootstrap of candidate − baseline: both models are scored on the same resample. For a
     * metric of the confusion matrix, the resampled unit is a cell of the joint (truth, candidate,
     * baseline) table, which makes it as cheap at 10 million rows as at 100; otherwise rows.
     */
    private Interval differenceInterval(String metric, int[] rows) {
        if (candidate instanceof ClassificationEvaluator c
                && baseline instanceof ClassificationEvaluator b
                && c.isCountMetric(metric)) {
            long k = c.labels().size();
            long[] keys = new long[rows.length];
            for (int i = 0; i < rows.length; i++) {
                int r = rows[i];
                keys[i] = (c.truth()[r] * k + c.predicted()[r]) * k + b.predicted()[r];
            }
            // the joint table's non-zero cells, in index order: at most one per row, whatever k³ is
            ClassificationEvaluator.Cells cells = ClassificationEvaluator.Cells.of(keys);
            int[] truth = new int[cells.size()];
            int[] candidatePredicted = new int[cells.size()];
            int[] baselinePredicted = new int[cells.size()];
            for (int cell = 0; cell < cells.size(); cell++) {
                long key = cells.keys()[cell];
                truth[cell] = (int) (key / (k * k));
                candidatePredicted[cell] = (int) (key / k % k);
                baselinePredicted[cell] = (int) (key % k);
            }
            return Intervals.bootstrap(
                    cells.counts(),
                    resampled -> new double[] {
                        c.countValue(metric, ConfusionCounts.ofCells(c.labels(), truth, candidatePredicted, resampled))
                                - b.countValue(
                                        metric,
                                        ConfusionCounts.ofCells(c.labels(), truth, baselinePredicted, resampled))
                    },
                    bootstrap)[0];
        }
        if (rows.length > rowBootstrapLimit) {
            return null;
        }
        return Intervals.bootstrapRows(
                rows.length,
                weights -> {
                    int[] resample = TaskEvaluator.expand(rows, weights);
                    return new double[] {candidate.value(metric, resample) - baseline.value(metric, resample)};
                },
                bootstrap)[0];
    }

    private double mcNemar(int[] rows) {
        if (!(candidate instanceof ClassificationEvaluator c) || !(baseline instanceof ClassificationEvaluator b)) {
            return Double.NaN;
        }
        long onlyCandidate = 0;
        long onlyBaseline = 0;
        for (int r : rows) {
            boolean cOk = c.truth()[r] == c.predicted()[r];
            boolean bOk = b.truth()[r] == b.predicted()[r];
            if (cOk && !bOk) {
                onlyCandidate++;
            } else if (bOk && !cOk) {
                onlyBaseline++;
            }
        }
        return McNemar.exactPValue(onlyCandidate, onlyBaseline);
    }
}
