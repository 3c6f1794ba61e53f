package dev.ratchet.cli;

import dev.ratchet.cli.demo.DemoCommand;
import io.grpc.StatusRuntimeException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ratchet} command. Exit codes: 0 done, 2 bad usage, 3 the service refused the request
 * (its gRPC status and message are printed), 4 a service could not be reached.
 */
@Command(
        name = "ratchet",
        mixinStandardHelpOptions = true,
        version = "ratchet 0.1.0",
        description = "Track, search and evaluate ML models against a baseline.",
        subcommands = {
            DemoCommand.class,
            ExperimentsCommand.class,
            RunsCommand.class,
            MetricsCommand.class,
            BaselineCommand.class,
            IdeasCommand.class,
            StudyCommand.class,
            EvaluateCommand.class,
            ReportCommand.class,
            DataCommand.class,
            EventsCommand.class,
            OutboxCommand.class
        })
public class RatchetCli {
    static final int REFUSED = 3;
    static final int UNREACHABLE = 4;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new RatchetCli()).setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof StatusRuntimeException status) {
                boolean unreachable = status.getStatus().getCode() == io.grpc.Status.Code.UNAVAILABLE;
                cmd.getErr()
                        .println((unreachable ? "cannot reach the service: " : "refused: ")
                                + status.getStatus().getCode() + ": "
                                + status.getStatus().getDescription());
                return unreachable ? UNREACHABLE : REFUSED;
            }
            throw e;
        });
    }
}
