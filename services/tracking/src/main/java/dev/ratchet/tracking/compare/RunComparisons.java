package dev.ratchet.tracking.compare;

import dev.ratchet.events.v1.MetricContext;
import dev.ratchet.tracking.context.RunContexts;
import dev.ratchet.tracking.metric.MetricStore;
import dev.ratchet.tracking.run.ParamEntry;
import dev.ratchet.tracking.run.Run;
import dev.ratchet.tracking.run.Runs;
import dev.ratchet.tracking.v1.CompareRunsResponse;
import dev.ratchet.tracking.v1.DatasetChange;
import dev.ratchet.tracking.v1.DatasetInput;
import dev.ratchet.tracking.v1.DatasetRole;
import dev.ratchet.tracking.v1.MetricDelta;
import dev.ratchet.tracking.v1.ParamChange;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

/** What differs between a base run and a candidate: params, data, code, and every metric's move. */
@ApplicationScoped
public class RunComparisons {
    @Inject
    Runs runs;

    @Inject
    RunContexts contexts;

    @Inject
    MetricStore metrics;

    private record SeriesKey(String key, MetricContext context) implements Comparable<SeriesKey> {
        @Override
        public int compareTo(SeriesKey other) {
            int byKey = key.compareTo(other.key);
            return byKey != 0 ? byKey : Integer.compare(context.getNumber(), other.context.getNumber());
        }
    }

    @Transactional
    public CompareRunsResponse compare(UUID baseId, UUID candidateId) {
        Run base = runs.get(baseId);
        Run candidate = runs.get(candidateId);
        CompareRunsResponse.Builder answer = CompareRunsResponse.newBuilder()
                .setBaseGit(RunContexts.git(base))
                .setCandidateGit(RunContexts.git(candidate))
                .setCodeChanged(base.gitCommit == null
                        || candidate.gitCommit == null
                        || !base.gitCommit.equals(candidate.gitCommit)
                        || Boolean.TRUE.equals(base.gitDirty)
                        || Boolean.TRUE.equals(candidate.gitDirty));

        for (String key : new TreeSet<>(union(base.params.keySet(), candidate.params.keySet()))) {
            ParamEntry before = base.params.get(key);
            ParamEntry after = candidate.params.get(key);
            if (before == null || !before.equals(after)) {
                answer.addParamChanges(ParamChange.newBuilder()
                        .setKey(key)
                        .setBaseValue(before == null ? "" : before.text())
                        .setCandidateValue(after == null ? "" : after.text()));
            }
        }

        Map<SeriesKey, Double> before = latest(baseId);
        Map<SeriesKey, Double> after = latest(candidateId);
        for (SeriesKey series : new TreeSet<>(union(before.keySet(), after.keySet()))) {
            MetricDelta.Builder delta =
                    MetricDelta.newBuilder().setKey(series.key()).setContext(series.context());
            Double b = before.get(series);
            Double a = after.get(series);
            if (b != null) {
                delta.setBaseValue(b);
            }
            if (a != null) {
                delta.setCandidateValue(a);
            }
            if (a != null && b != null) {
                delta.setDelta(a - b);
            }
            answer.addMetricDeltas(delta);
        }

        Map<DatasetRole, Set<String>> baseData = digestsByRole(contexts.datasets(baseId));
        Map<DatasetRole, Set<String>> candidateData = digestsByRole(contexts.datasets(candidateId));
        for (DatasetRole role : new TreeSet<>(union(baseData.keySet(), candidateData.keySet()))) {
            Set<String> b = baseData.getOrDefault(role, Set.of());
            Set<String> a = candidateData.getOrDefault(role, Set.of());
            if (!Objects.equals(b, a)) {
                answer.addDatasetChanges(DatasetChange.newBuilder()
                        .setRole(role)
                        .addAllBaseDigests(b)
                        .addAllCandidateDigests(a));
            }
        }
        return answer.build();
    }

    private Map<SeriesKey, Double> latest(UUID runId) {
        Map<SeriesKey, Double> values = new TreeMap<>();
        metrics.summaries(runId).forEach(s -> values.put(new SeriesKey(s.key(), s.context()), s.lastValue()));
        return values;
    }

    private static Map<DatasetRole, Set<String>> digestsByRole(List<DatasetInput> datasets) {
        return datasets.stream()
                .collect(Collectors.groupingBy(
                        DatasetInput::getRole,
                        TreeMap::new,
                        Collectors.mapping(DatasetInput::getDigest, Collectors.toCollection(TreeSet::new))));
    }

    private static <T> Set<T> union(Set<T> a, Set<T> b) {
        Set<T> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return all;
    }
}
