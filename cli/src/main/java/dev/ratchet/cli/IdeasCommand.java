package dev.ratchet.cli;

import dev.ratchet.tracking.v1.CreateIdeaRequest;
import dev.ratchet.tracking.v1.Idea;
import dev.ratchet.tracking.v1.ListIdeasRequest;
import dev.ratchet.tracking.v1.ListIdeasResponse;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ratchet ideas list|create --experiment NAME}: hypotheses with a time box. */
@Command(
        name = "ideas",
        mixinStandardHelpOptions = true,
        description = "An experiment's time-boxed ideas.",
        subcommands = {IdeasCommand.List.class, IdeasCommand.Create.class})
class IdeasCommand {
    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "The ideas, newest first, with their status.")
    static class List extends TableCommand {
        @Option(names = "--experiment", required = true, description = "the experiment's name")
        String experiment;

        @Override
        public void run() {
            ListIdeasResponse ideas = onExperiment(
                    experiment,
                    (tracking, id) -> tracking.listIdeas(
                            ListIdeasRequest.newBuilder().setExperimentId(id).build()));
            PrintWriter out = out();
            if (printedJson(ideas)) {
                return;
            }
            out.printf("%-10s %-20s %-36s %s%n", "status", "time box ends", "id", "title");
            for (Idea idea : ideas.getIdeasList()) {
                out.printf(
                        "%-10s %-20s %-36s %s%n",
                        idea.getStatus().name().replace("IDEA_STATUS_", "").toLowerCase(Locale.ROOT),
                        Instant.ofEpochSecond(idea.getDeadline().getSeconds()),
                        idea.getIdeaId(),
                        idea.getTitle());
            }
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Open an idea; prints its id.")
    static class Create extends ServiceCommand {
        @Option(names = "--experiment", required = true, description = "the experiment's name")
        String experiment;

        @Option(names = "--title", required = true, description = "a short title")
        String title;

        @Option(names = "--hypothesis", required = true, description = "what you expect, and why")
        String hypothesis;

        @Option(names = "--days", defaultValue = "7", description = "the time box in days (default ${DEFAULT-VALUE})")
        int days;

        @Option(names = "--owner", defaultValue = "${env:USER:-}", description = "who owns it (default $USER)")
        String owner;

        @Override
        public void run() {
            out().println(onExperiment(
                            experiment,
                            (tracking, id) -> tracking.createIdea(CreateIdeaRequest.newBuilder()
                                    .setExperimentId(id)
                                    .setTitle(title)
                                    .setHypothesis(hypothesis)
                                    .setOwner(owner)
                                    .setTimeBoxDays(days)
                                    .build()))
                    .getIdea()
                    .getIdeaId());
        }
    }
}
