package dev.ratchet.evaluation.scoring;

import dev.ratchet.evaluation.metrics.Interval;
import dev.ratchet.evaluation.metrics.Intervals;
import dev.ratchet.evaluation.metrics.Intervals.BootstrapSettings;
import dev.ratchet.evaluation.metrics.RankingMetrics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Ranking metrics averaged over queries.
 */
public final class RankingEvaluator implements TaskEvaluator {
    private final String[] queries;
    private final double[] relevance;
    private final double[] scores;
    private final double relevantAtLeast;
    private final List<Integer> cutoffs;
    private final BootstrapSettings bootstrap;
    private final int rowBootstrapLimit;

    public RankingEvaluator(
            String[] queries,
            double[] relevance,
            double[] scores,
            double relevantAtLeast,
            List<Integer> cutoffs,
            BootstrapSettings bootstrap,
            int rowBootstrapLimit) {
        this.queries = queries;
        this.relevance = relevance;
        this.scores = scores;
        this.relevantAtLeast = relevantAtLeast;
        this.cutoffs = List.copyOf(cutoffs);
        this.bootstrap = bootstrap;
        this.rowBootstrapLimit = rowBootstrapLimit;
    }

    @Override
    public int rows() {
        return queries.length;
    }

    @Override
    public String headlineMetric() {
        return "ndcg@" + cutoffs.get(0);
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public boolean binaryLoss() {
        return false;
    }

    /** Ranking has no per-row loss; slices of a ranking are not tested for significance. */
    @Override
    public boolean hasRowLosses() {
        return false;
    }

    @Override
    public double rowLoss(int row) {
        throw new UnsupportedOperationException("a ranking has no per-row loss");
    }

    @Override
    public List<String> metricNames() {
        return names();
    }

    @Override
    public double value(String metric, int[] rows) {
        double[][] perQuery = perQuery(rows);
        long[] ones = new long[perQuery[0].length];
        Arrays.fill(ones, 1);
        return weightedMeans(perQuery, ones)[names().indexOf(metric)];
    }

    private List<String> names() {
        List<String> names = new ArrayList<>();
        for (int k : cutoffs) {
            names.add("ndcg@" + k);
            names.add("dcg@" + k);
            names.add("map@" + k);
            names.add("precision@" + k);
            names.add("recall@" + k);
        }
        names.add("mrr");
        return names;
    }

    /** Intervals resample whole queries (a Poisson bootstrap over queries), the unit a ranking is judged by. */
    @Override
    public List<Metric> metrics(int[] rows) {
        double[][] perQuery = perQuery(rows);
        int queryCount = perQuery[0].length;
        long[] ones = new long[queryCount];
        Arrays.fill(ones, 1);
        double[] values = weightedMeans(perQuery, ones);
        Interval[] intervals = queryCount <= rowBootstrapLimit
                ? Intervals.bootstrap(ones, weights -> weightedMeans(perQuery, weights), bootstrap)
                : new Interval[values.length];
        List<String> names = names();
        List<Metric> metrics = new ArrayList<>();
        for (int m = 0; m < names.size(); m++) {
            Metric.addIfDefined(metrics, names.get(m), values[m], intervals[m]);
        }
        return metrics;
    }

    private double[][] perQuery(int[] rows) {
        String[] q = new String[rows.length];
        double[] rel = new double[rows.length];
        double[] s = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            q[i] = queries[rows[i]];
            rel[i] = relevance[rows[i]];
            s[i] = scores[rows[i]];
        }
        return RankingMetrics.of(q, rel, s, relevantAtLeast).perQuery(cutoffs);
    }

    private static double[] weightedMeans(double[][] perQuery, long[] weights) {
        double[] means = new double[perQuery.length];
        long total = 0;
        for (long w : weights) {
            total += w;
        }
        for (int m = 0; m < perQuery.length; m++) {
            double sum = 0;
            for (int j = 0; j < weights.length; j++) {
                sum += weights[j] * perQuery[m][j];
            }
            means[m] = total == 0 ? Double.NaN : sum / total;
        }
        return means;
    }
}
