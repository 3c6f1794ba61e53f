package dev.ratchet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Timestamp;
import dev.ratchet.events.v1.ParamValue;
import dev.ratchet.orchestration.v1.CancelStudyRequest;
import dev.ratchet.orchestration.v1.CreateStudyRequest;
import dev.ratchet.orchestration.v1.EnqueueTrialRequest;
import dev.ratchet.orchestration.v1.GetParamImportancesRequest;
import dev.ratchet.orchestration.v1.GetParamImportancesResponse;
import dev.ratchet.orchestration.v1.GetStudyRequest;
import dev.ratchet.orchestration.v1.ListTrialsRequest;
import dev.ratchet.orchestration.v1.ListTrialsResponse;
import dev.ratchet.orchestration.v1.ParamImportance;
import dev.ratchet.orchestration.v1.ParamSpec;
import dev.ratchet.orchestration.v1.Study;
import dev.ratchet.orchestration.v1.StudyTrial;
import dev.ratchet.tracking.v1.GetRunRequest;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code ratchet study create -f study.yaml | status | trials | importance | enqueue | ask | tell | cancel}. */
@Command(
        name = "study",
        mixinStandardHelpOptions = true,
        description = "Hyperparameter studies.",
        subcommands = {
            StudyCommand.Create.class,
            StudyCommand.Status.class,
            StudyCommand.Trials.class,
            StudyCommand.Importance.class,
            StudyCommand.Enqueue.class,
            StudyAskTell.Ask.class,
            StudyAskTell.Tell.class,
            StudyCommand.Cancel.class
        })
class StudyCommand {
    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Create a study from a YAML file: CreateStudyRequest's fields (name, experiment_name, "
                    + "objective, max_trials, search_space, sampler, job, budget, pruner, evaluate_best, constraints, "
                    + "from_studies), plus "
                    + "time_box: 30m for budget.deadline. Prints the study's id.")
    static class Create extends ServiceCommand {
        @Option(
                names = {"-f", "--file"},
                required = true,
                description = "the study, as YAML")
        Path file;

        @Override
        public void run() {
            ObjectNode tree = ProtoFiles.read(file, spec);
            JsonNode timeBox = tree.remove("time_box");
            CreateStudyRequest.Builder request = ProtoFiles.merge(tree, CreateStudyRequest.newBuilder(), file, spec);
            if (timeBox != null) {
                Instant deadline = Instant.now().plus(ProtoFiles.duration(timeBox.asText(), spec));
                request.getBudgetBuilder().setDeadline(Timestamp.newBuilder().setSeconds(deadline.getEpochSecond()));
            }
            out().println(endpoints
                    .orchestrator(orchestrator -> orchestrator.createStudy(request.build()))
                    .getStudy()
                    .getStudyId());
        }
    }

    /** The study a command is about. */
    static class Target {
        @Parameters(index = "0", paramLabel = "STUDY_ID", description = "the study's id")
        String studyId;
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "A study's state, budget and best trial.")
    static class Status extends TableCommand {
        @Mixin
        Target target;

        /** The study and its trials, read over one channel. */
        private record Progress(Study study, ListTrialsResponse trials) {}

        @Override
        public void run() {
            Progress progress = endpoints.orchestrator(orchestrator -> new Progress(
                    orchestrator
                            .getStudy(GetStudyRequest.newBuilder()
                                    .setStudyId(target.studyId)
                                    .build())
                            .getStudy(),
                    orchestrator.listTrials(ListTrialsRequest.newBuilder()
                            .setStudyId(target.studyId)
                            .build())));
            Study study = progress.study();
            ListTrialsResponse trials = progress.trials();
            PrintWriter out = out();
            if (printedJson(study)) {
                return;
            }
            out.printf(
                    "study       %s (%s)%nexperiment  %s%nstate       %s%s%n",
                    study.getName(),
                    study.getStudyId(),
                    study.getExperimentName(),
                    name(study.getState().name(), "STUDY_STATE_"),
                    study.hasEndTime() ? ", " + name(study.getEndReason().name(), "STUDY_END_REASON_") : "");
            out.printf(
                    "objective   %s %s%ntrials      %d of %d%n",
                    name(study.getObjective().getDirection().name(), "DIRECTION_"),
                    study.getObjective().getMetric(),
                    trials.getTrialsCount(),
                    study.getMaxTrials());
            if (study.getConstraintsCount() > 0) {
                out.printf(
                        "constraints %s (feasible when each is at most 0)%n",
                        String.join(", ", study.getConstraintsList()));
            }
            if (study.getFromStudiesCount() > 0) {
                out.printf("warm start  the complete trials of %s%n", String.join(", ", study.getFromStudiesList()));
            }
            if (trials.hasBest()) {
                out.printf(
                        Locale.ROOT,
                        "best        #%d = %.6g  %s%n",
                        trials.getBest().getNumber(),
                        trials.getBest().getValue(),
                        params(trials.getBest().getParamsMap()));
            } else if (trials.getTrialsList().stream().anyMatch(StudyTrial::getInfeasible)) {
                out.println("best        none yet: every complete trial violates a constraint");
            }
        }
    }

    @Command(name = "trials", mixinStandardHelpOptions = true, description = "A study's trials with params and values.")
    static class Trials extends TableCommand {
        @Mixin
        Target target;

        @Override
        public void run() {
            ListTrialsResponse trials = endpoints.orchestrator(orchestrator -> orchestrator.listTrials(
                    ListTrialsRequest.newBuilder().setStudyId(target.studyId).build()));
            PrintWriter out = out();
            if (printedJson(trials)) {
                return;
            }
            boolean constrained = trials.getTrialsList().stream().anyMatch(t -> t.getConstraintsCount() > 0);
            out.printf(
                    "%-4s %-10s %-12s " + (constrained ? "%-24s " : "%s") + "%-36s %s%n",
                    "#",
                    "state",
                    "value",
                    constrained ? "constraints" : "",
                    "run",
                    "params");
            for (StudyTrial t : trials.getTrialsList()) {
                out.printf(
                        Locale.ROOT,
                        "%-4d %-10s %-12s " + (constrained ? "%-24s " : "%s") + "%-36s %s%n",
                        t.getNumber(),
                        name(t.getState().name(), "TRIAL_STATE_"),
                        t.getState().name().endsWith("COMPLETE")
                                ? String.format(Locale.ROOT, "%.6g", t.getValue())
                                : t.getLastStep() > 0
                                        ? String.format(Locale.ROOT, "(%.4g@%d)", t.getLastValue(), t.getLastStep())
                                        : "",
                        constrained ? constraints(t) : "",
                        t.getRunId(),
                        params(t.getParamsMap()));
            }
        }
    }

    @Command(
            name = "importance",
            mixinStandardHelpOptions = true,
            description = "Which parameters mattered: each one's share of the objective's variance.")
    static class Importance extends TableCommand {
        @Mixin
        Target target;

        @Override
        public void run() {
            GetParamImportancesResponse importances = endpoints.orchestrator(
                    orchestrator -> orchestrator.getParamImportances(GetParamImportancesRequest.newBuilder()
                            .setStudyId(target.studyId)
                            .build()));
            PrintWriter out = out();
            if (printedJson(importances)) {
                return;
            }
            out.printf("from %d complete trials%n", importances.getCompleteTrials());
            for (ParamImportance p : importances.getImportancesList()) {
                out.printf(Locale.ROOT, "%-24s %5.1f%%  %s%n", p.getName(), 100 * p.getImportance(), "#".repeat((int)
                                Math.round(40 * p.getImportance())));
            }
        }
    }

    @Command(
            name = "enqueue",
            mixinStandardHelpOptions = true,
            description = "Enqueue a configuration as the study's next trial, before the sampler suggests: "
                    + "-p name=value for each parameter, or --from-run to take a run's (the baseline's) params.")
    static class Enqueue extends ServiceCommand {
        @Mixin
        Target target;

        @Option(
                names = {"-p", "--param"},
                description = "a parameter's value, name=value (repeatable)")
        Map<String, String> params = new LinkedHashMap<>();

        @Option(
                names = "--from-run",
                paramLabel = "RUN_ID",
                description = "take the values of the search space's parameters from this run's params")
        String fromRun;

        @Override
        public void run() {
            Study study = endpoints.orchestrator(orchestrator -> orchestrator
                    .getStudy(GetStudyRequest.newBuilder()
                            .setStudyId(target.studyId)
                            .build())
                    .getStudy());
            Map<String, String> given = new LinkedHashMap<>();
            if (fromRun != null) {
                Map<String, String> runParams = endpoints.tracking(tracking -> tracking.getRun(
                                GetRunRequest.newBuilder().setRunId(fromRun).build())
                        .getRun()
                        .getParamsMap());
                study.getSearchSpace().getParamsList().stream()
                        .filter(p -> runParams.containsKey(p.getName()))
                        .forEach(p -> given.put(p.getName(), runParams.get(p.getName())));
            }
            given.putAll(params);
            EnqueueTrialRequest.Builder request =
                    EnqueueTrialRequest.newBuilder().setStudyId(target.studyId);
            given.forEach((name, text) -> request.putParams(name, typed(study, name, text)));
            int waiting = endpoints
                    .orchestrator(orchestrator -> orchestrator.enqueueTrial(request.build()))
                    .getWaiting();
            out().println("enqueued " + params(request.getParamsMap()) + "; " + waiting + " waiting");
        }

        /** A value typed as its parameter takes it (the server refuses one it cannot take, saying why). */
        private ParamValue typed(Study study, String name, String text) {
            ParamSpec param = study.getSearchSpace().getParamsList().stream()
                    .filter(p -> p.getName().equals(name))
                    .findFirst()
                    .orElse(null);
            try {
                if (param != null && param.hasFloatRange()) {
                    return ParamValue.newBuilder()
                            .setDoubleValue(Double.parseDouble(text))
                            .build();
                }
                if (param != null && param.hasIntRange()) {
                    return ParamValue.newBuilder()
                            .setIntValue(Long.parseLong(text))
                            .build();
                }
            } catch (NumberFormatException e) {
                throw new ParameterException(
                        spec.commandLine(), "'" + name + "' takes a number; '" + text + "' is not one");
            }
            return ParamValue.newBuilder().setStringValue(text).build();
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancel a study: its running trials stop.")
    static class Cancel extends ServiceCommand {
        @Mixin
        Target target;

        @Override
        public void run() {
            Study study = endpoints.orchestrator(orchestrator -> orchestrator
                    .cancelStudy(CancelStudyRequest.newBuilder()
                            .setStudyId(target.studyId)
                            .build())
                    .getStudy());
            out().println(name(study.getState().name(), "STUDY_STATE_"));
        }
    }

    /** "ok" or "violated" and the values, for a complete trial of a study with constraints. */
    private static String constraints(StudyTrial t) {
        if (t.getConstraintsCount() == 0) {
            return "";
        }
        return (t.getInfeasible() ? "violated " : "ok ")
                + String.join(
                        ",",
                        t.getConstraintsList().stream()
                                .map(c -> String.format(Locale.ROOT, "%.3g", c))
                                .toList());
    }

    private static String name(String constant, String prefix) {
        return constant.replace(prefix, "").toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    static String params(Map<String, ParamValue> params) {
        return params(params, ", ", v -> String.format(Locale.ROOT, "%.4g", v));
    }

    /** name=value pairs in name order, floats written by {@code floats}. */
    static String params(Map<String, ParamValue> params, String separator, DoubleFunction<String> floats) {
        return String.join(
                separator,
                params.entrySet().stream()
                        .sorted(Map.Entry.comparingByKey())
                        .map(e -> e.getKey()
                                + "="
                                + switch (e.getValue().getValueCase()) {
                                    case DOUBLE_VALUE ->
                                        floats.apply(e.getValue().getDoubleValue());
                                    case INT_VALUE -> Long.toString(e.getValue().getIntValue());
                                    case BOOL_VALUE ->
                                        Boolean.toString(e.getValue().getBoolValue());
                                    default -> e.getValue().getStringValue();
                                })
                        .toList());
    }
}
