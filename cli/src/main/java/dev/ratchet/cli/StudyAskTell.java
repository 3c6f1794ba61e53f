package dev.ratchet.cli;

import dev.ratchet.orchestration.v1.AskTrialRequest;
import dev.ratchet.orchestration.v1.StudyTrial;
import dev.ratchet.orchestration.v1.TellTrialRequest;
import dev.ratchet.orchestration.v1.TrialState;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code ratchet study ask | tell}: a study without a job, driven from a shell script or a notebook. */
final class StudyAskTell {
    private StudyAskTell() {}

    @Command(
            name = "ask",
            mixinStandardHelpOptions = true,
            description = "The study's next trial (an enqueued configuration first): its number and params, "
                    + "name=value at full precision, space-separated.")
    static class Ask extends TableCommand {
        @Mixin
        StudyCommand.Target target;

        @Override
        public void run() {
            StudyTrial trial = endpoints
                    .orchestrator(orchestrator -> orchestrator.askTrial(AskTrialRequest.newBuilder()
                            .setStudyId(target.studyId)
                            .build()))
                    .getTrial();
            out().println(
                            output.json()
                                    ? Output.json(trial)
                                    // full precision, for a script to pass on: a rounded value would be another trial
                                    : trial.getNumber() + "  "
                                            + StudyCommand.params(trial.getParamsMap(), " ", Double::toString));
        }
    }

    @Command(
            name = "tell",
            mixinStandardHelpOptions = true,
            description = "Report an asked trial: --value for a complete one (with a --constraint value per the "
                    + "study's constraints, in order; at most 0 is feasible), or --failed.")
    static class Tell extends TableCommand {
        @Mixin
        StudyCommand.Target target;

        @Parameters(index = "1", paramLabel = "NUMBER", description = "the trial's number, as ask printed it")
        int number;

        @Option(names = "--value", description = "the objective value of a complete trial")
        Double value;

        @Option(
                names = {"-c", "--constraint"},
                description = "a constraint's value (repeatable, in the study's order)")
        List<Double> constraints = new ArrayList<>();

        @Option(names = "--failed", description = "the trial failed (no value)")
        boolean failed;

        @Override
        public void run() {
            if (failed == (value != null)) {
                throw new ParameterException(spec.commandLine(), "give --value for a complete trial or --failed");
            }
            TellTrialRequest request = TellTrialRequest.newBuilder()
                    .setStudyId(target.studyId)
                    .setNumber(number)
                    .setState(failed ? TrialState.TRIAL_STATE_FAILED : TrialState.TRIAL_STATE_COMPLETE)
                    .setValue(failed ? 0 : value)
                    .addAllConstraints(constraints)
                    .build();
            StudyTrial trial = endpoints
                    .orchestrator(orchestrator -> orchestrator.tellTrial(request))
                    .getTrial();
            out().println(
                            output.json()
                                    ? Output.json(trial)
                                    : String.format(
                                            Locale.ROOT,
                                            "%d  %s%s",
                                            trial.getNumber(),
                                            trial.getState()
                                                    .name()
                                                    .replace("TRIAL_STATE_", "")
                                                    .toLowerCase(Locale.ROOT),
                                            trial.getInfeasible() ? ", infeasible" : ""));
        }
    }
}
