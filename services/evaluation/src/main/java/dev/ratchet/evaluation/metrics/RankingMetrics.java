package dev.ratchet.evaluation.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ranking metrics averaged over queries. Items of a query are ranked by descending score; equal
 * scores keep their row order, except in NDCG, which averages the gain over tied items as
 * scikit-learn's {@code ndcg_score} does. Binary metrics count an item as relevant when its
 * relevance is at least the given level.
 * <ul>
 *   <li>NDCG@k: linear gains, log2 discounts; a query without relevant items scores 0.</li>
 *   <li>MAP@k: Σ_{i≤k} P@i·rel_i / min(k, R) (R: relevant items of the query).</li>
 *   <li>MRR: 1 / rank of the first relevant item in the whole list, 0 when there is none.</li>
 *   <li>precision@k = hits in the top k / k; recall@k = hits in the top k / R.</li>
 * </ul>
 */
public final class RankingMetrics {
    private final List<Query> queries;

    private RankingMetrics(List<Query> queries) {
        this.queries = queries;
    }

    /** Groups the rows by query id, in order of first appearance. */
    public static RankingMetrics of(String[] queryIds, double[] relevance, double[] scores, double relevantAtLeast) {
        Map<String, List<Integer>> rows = new LinkedHashMap<>();
        for (int i = 0; i < queryIds.length; i++) {
            rows.computeIfAbsent(queryIds[i], q -> new ArrayList<>()).add(i);
        }
        List<Query> queries = new ArrayList<>();
        rows.forEach((id, members) -> {
            Integer[] order = members.toArray(Integer[]::new);
            Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -scores[i])); // stable
            double[] rel = new double[order.length];
            double[] score = new double[order.length];
            for (int r = 0; r < order.length; r++) {
                rel[r] = relevance[order[r]];
                score[r] = scores[order[r]];
            }
            queries.add(new Query(id, rel, score, relevantAtLeast));
        });
        return new RankingMetrics(queries);
    }

    public int queryCount() {
        return queries.size();
    }

    public double ndcg(int k) {
        return queries.stream().mapToDouble(q -> q.ndcg(k)).average().orElse(0);
    }

    /** The mean over queries of DCG@k (scikit-learn's {@code dcg_score}, ties averaged). */
    public double dcg(int k) {
        return queries.stream().mapToDouble(q -> q.dcg(k)).average().orElse(0);
    }

    public double meanAveragePrecision(int k) {
        return queries.stream()
                .mapToDouble(q -> q.averagePrecision(k))
                .average()
                .orElse(0);
    }

    public double meanReciprocalRank() {
        return queries.stream().mapToDouble(Query::reciprocalRank).average().orElse(0);
    }

    public double precision(int k) {
        return queries.stream()
                .mapToDouble(q -> (double) q.hits(k) / k)
                .average()
                .orElse(0);
    }

    public double recall(int k) {
        return queries.stream()
                .mapToDouble(q -> q.relevantCount() == 0 ? 0 : (double) q.hits(k) / q.relevantCount())
                .average()
                .orElse(0);
    }

    /**
     * Each query's values, one row per metric: for every cut-off k NDCG@k, DCG@k, AP@k, precision@k
     * and recall@k, then the reciprocal rank. Their means are the metrics; a bootstrap resamples queries.
     */
    public double[][] perQuery(List<Integer> cutoffs) {
        double[][] values = new double[cutoffs.size() * 5 + 1][queries.size()];
        for (int j = 0; j < queries.size(); j++) {
            Query q = queries.get(j);
            int m = 0;
            for (int k : cutoffs) {
                values[m++][j] = q.ndcg(k);
                values[m++][j] = q.dcg(k);
                values[m++][j] = q.averagePrecision(k);
                values[m++][j] = (double) q.hits(k) / k;
                values[m++][j] = q.relevantCount() == 0 ? 0 : (double) q.hits(k) / q.relevantCount();
            }
            values[m][j] = q.reciprocalRank();
        }
        return values;
    }

    /** One query's items in ranked order. */
    private record Query(String id, double[] relevance, double[] scores, double relevantAtLeast) {
        boolean relevant(int rank) {
            return relevance[rank] >= relevantAtLeast;
        }

        int relevantCount() {
            int count = 0;
            for (int r = 0; r < relevance.length; r++) {
                count += relevant(r) ? 1 : 0;
            }
            return count;
        }

        int hits(int k) {
            int hits = 0;
            for (int r = 0; r < Math.min(k, relevance.length); r++) {
                hits += relevant(r) ? 1 : 0;
            }
            return hits;
        }

        double averagePrecision(int k) {
            int total = relevantCount();
            if (total == 0) {
                return 0;
            }
            double sum = 0;
            int hits = 0;
            for (int r = 0; r < Math.min(k, relevance.length); r++) {
                if (relevant(r)) {
                    hits++;
                    sum += (double) hits / (r + 1);
                }
            }
            return sum / Math.min(k, total);
        }

        double reciprocalRank() {
            for (int r = 0; r < relevance.length; r++) {
                if (relevant(r)) {
                    return 1.0 / (r + 1);
                }
            }
            return 0;
        }

        double ndcg(int k) {
            double[] ideal = relevance.clone();
            Arrays.sort(ideal);
            double idealDcg = 0;
            for (int r = 0; r < Math.min(k, ideal.length); r++) {
                idealDcg += ideal[ideal.length - 1 - r] / discount(r);
            }
            return idealDcg == 0 ? 0 : dcg(k) / idealDcg;
        }

        /** Discounted cumulative gain of the first k, items with equal scores sharing the mean of their gains. */
        double dcg(int k) {
            double dcg = 0;
            int start = 0;
            while (start < scores.length && start < k) {
                int end = start;
                double gain = 0;
                while (end < scores.length && scores[end] == scores[start]) {
                    gain += relevance[end++];
                }
                double meanGain = gain / (end - start);
                for (int r = start; r < Math.min(end, k); r++) {
                    dcg += meanGain / discount(r);
                }
                start = end;
            }
            return dcg;
        }

        private static double discount(int rank) {
            return Math.log(rank + 2) / Math.log(2);
        }
    }
}
