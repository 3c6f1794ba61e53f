package dev.ratchet.console.study;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ratchet.console.backend.BackendException;
import dev.ratchet.console.backend.Backends;
import dev.ratchet.console.web.Formats;
import dev.ratchet.events.v1.ParamValue;
import dev.ratchet.orchestration.v1.Direction;
import dev.ratchet.orchestration.v1.GetParamImportancesRequest;
import dev.ratchet.orchestration.v1.GetParamImportancesResponse;
import dev.ratchet.orchestration.v1.GetStudyRequest;
import dev.ratchet.orchestration.v1.ListTrialsRequest;
import dev.ratchet.orchestration.v1.Study;
import dev.ratchet.orchestration.v1.StudyTrial;
import dev.ratchet.orchestration.v1.TrialState;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A study: its trials (state, params, value, pruned at which step), the optimisation history with
 * the best value so far, parameter importances, parallel coordinates of params → objective, the
 * trials' learning curves, and the budget and time box used. Trial events refresh it live.
 */
@Path("/studies/{id}")
public class StudyPage {

    public record View(
            Study study,
            List<StudyTrial> trials,
            List<String> paramNames,
            GetParamImportancesResponse importances,
            String importancesNote,
            String chartJson,
            long complete,
            long pruned,
            long failed,
            long running,
            String elapsed,
            boolean live,
            String pruner) {}

    /** The charts' data: the history and the parallel coordinates. */
    public record Charts(
            List<Integer> numbers,
            List<Double> values,
            List<Double> best,
            List<Axis> axes,
            List<List<Object>> lines,
            List<TrialRun> runs,
            String metric,
            String context) {}

    public record Axis(String name, List<String> categories) {}

    public record TrialRun(int number, String runId, String state) {}

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance study(View page);
    }

    @Inject
    Backends backends;

    @Inject
    ObjectMapper json;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page(@PathParam("id") String id) throws JsonProcessingException {
        Study study = backends.orchestration(o ->
                        o.getStudy(GetStudyRequest.newBuilder().setStudyId(id).build()))
                .getStudy();
        List<StudyTrial> trials = backends.orchestration(o -> o.listTrials(
                        ListTrialsRequest.newBuilder().setStudyId(id).build()))
                .getTrialsList();
        GetParamImportancesResponse importances = GetParamImportancesResponse.getDefaultInstance();
        String note = "";
        try {
            importances = backends.orchestration(o -> o.getParamImportances(
                    GetParamImportancesRequest.newBuilder().setStudyId(id).build()));
        } catch (BackendException e) {
            note = e.description();
        }
        List<String> names = new ArrayList<>(new TreeSet<>(
                trials.stream().flatMap(t -> t.getParamsMap().keySet().stream()).toList()));
        Instant end =
                study.hasEndTime() ? Instant.ofEpochSecond(study.getEndTime().getSeconds()) : Instant.now();
        String elapsed = Formats.duration(
                Duration.between(Instant.ofEpochSecond(study.getCreateTime().getSeconds()), end));
        return Templates.study(new View(
                study,
                trials,
                names,
                importances,
                note,
                json.writeValueAsString(charts(study, trials, names)).replace("</", "<\\/"),
                count(trials, TrialState.TRIAL_STATE_COMPLETE),
                count(trials, TrialState.TRIAL_STATE_PRUNED),
                count(trials, TrialState.TRIAL_STATE_FAILED),
                count(trials, TrialState.TRIAL_STATE_RUNNING),
                elapsed,
                !study.hasEndTime(),
                pruner(study)));
    }

    private static String pruner(Study study) {
        return switch (study.getPruner().getKindCase()) {
            case MEDIAN -> "median";
            case SUCCESSIVE_HALVING -> "successive halving";
            case HYPERBAND -> "hyperband";
            default -> "none";
        };
    }

    static Charts charts(Study study, List<StudyTrial> trials, List<String> names) {
        boolean minimize = study.getObjective().getDirection() != Direction.DIRECTION_MAXIMIZE;
        List<Integer> numbers = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        List<Double> best = new ArrayList<>();
        Double bestSoFar = null;
        List<StudyTrial> ordered = trials.stream()
                .sorted((a, b) -> Integer.compare(a.getNumber(), b.getNumber()))
                .toList();
        for (StudyTrial trial : ordered) {
            Double value = trial.getState() == TrialState.TRIAL_STATE_COMPLETE && Double.isFinite(trial.getValue())
                    ? trial.getValue()
                    : null;
            // an infeasible trial (a constraint above 0) is plotted but never the best
            if (value != null
                    && !trial.getInfeasible()
                    && (bestSoFar == null || (minimize ? value < bestSoFar : value > bestSoFar))) {
                bestSoFar = value;
            }
            numbers.add(trial.getNumber());
            values.add(value);
            best.add(bestSoFar);
        }
        Map<String, List<String>> categories = new LinkedHashMap<>();
        for (String name : names) {
            boolean text = trials.stream()
                    .map(t -> t.getParamsMap().get(name))
                    .anyMatch(v -> v != null && (v.hasStringValue() || v.hasBoolValue()));
            categories.put(
                    name,
                    text
                            ? trials.stream()
                                    .map(t -> t.getParamsMap().get(name))
                                    .filter(v -> v != null)
                                    .map(Formats::text)
                                    .distinct()
                                    .sorted()
                                    .toList()
                            : null);
        }
        List<Axis> axes = new ArrayList<>();
        categories.forEach((name, values1) -> axes.add(new Axis(name, values1)));
        axes.add(new Axis(study.getObjective().getMetric(), null));
        List<List<Object>> lines = new ArrayList<>();
        for (StudyTrial trial : ordered) {
            if (trial.getState() != TrialState.TRIAL_STATE_COMPLETE) {
                continue;
            }
            List<Object> line = new ArrayList<>();
            for (String name : names) {
                ParamValue value = trial.getParamsMap().get(name);
                line.add(value == null ? null : categories.get(name) != null ? Formats.text(value) : number(value));
            }
            line.add(Double.isFinite(trial.getValue()) ? trial.getValue() : null);
            lines.add(line);
        }
        List<TrialRun> runs = ordered.stream()
                .filter(t -> !t.getRunId().isEmpty())
                .map(t -> new TrialRun(t.getNumber(), t.getRunId(), Formats.word(t.getState())))
                .toList();
        // the learning curves of the objective's context (all of the key's contexts when it names none)
        String context =
                study.getObjective().getContext() == dev.ratchet.events.v1.MetricContext.METRIC_CONTEXT_UNSPECIFIED
                        ? null
                        : Formats.word(study.getObjective().getContext());
        return new Charts(
                numbers, values, best, axes, lines, runs, study.getObjective().getMetric(), context);
    }

    private static Double number(ParamValue value) {
        return switch (value.getValueCase()) {
            case DOUBLE_VALUE -> value.getDoubleValue();
            case INT_VALUE -> (double) value.getIntValue();
            default -> null;
        };
    }

    private static long count(List<StudyTrial> trials, TrialState state) {
        return trials.stream().filter(t -> t.getState() == state).count();
    }
}
