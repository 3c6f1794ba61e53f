package dev.ratchet.cli;

import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ratchet report EVALUATION_ID [--out FILE] [--open]}: an evaluation's HTML report, as a file. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = "Save an evaluation's HTML report (one self-contained page) and print its path.")
class ReportCommand extends ServiceCommand {
    @Parameters(paramLabel = "EVALUATION_ID", description = "the evaluation's id")
    String evaluationId;

    @Option(names = "--out", description = "the file (default: report-<id>.html here)")
    Path out;

    @Option(names = "--open", description = "then open it with xdg-open (a desktop's browser)")
    boolean open;

    @Override
    public void run() {
        Path file = Pages.save(
                endpoints.evaluationHttp,
                "/evaluations/" + evaluationId + "/report.html",
                out != null ? out : Path.of("report-" + evaluationId + ".html"));
        out().println(file.toAbsolutePath());
        if (open) {
            try {
                new ProcessBuilder("xdg-open", file.toAbsolutePath().toString())
                        .inheritIO()
                        .start();
            } catch (IOException e) {
                spec.commandLine()
                        .getErr()
                        .println("cannot open it here (" + e.getMessage() + "); open the file above");
            }
        }
    }
}
