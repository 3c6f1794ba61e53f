package dev.ratchet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Usage and error handling; the commands' traffic to live services is exercised by .ci/run's smoke step. */
class RatchetCliTest {

    @Test
    void everyCommandHasHelp() {
        for (String[] args : new String[][] {
            {"--help"},
            {"runs", "--help"},
            {"runs", "submit", "--help"},
            {"runs", "show", "--help"},
            {"runs", "search", "--help"},
            {"metrics", "send", "--help"},
            {"metrics", "history", "--help"},
            {"evaluate", "--help"},
            {"data", "split", "--help"},
            {"data", "profile", "--help"},
            {"demo", "--help"},
            {"experiments", "--help"},
            {"runs", "compare", "--help"},
            {"baseline", "show", "--help"},
            {"baseline", "set", "--help"},
            {"baseline", "history", "--help"},
            {"ideas", "list", "--help"},
            {"ideas", "create", "--help"},
            {"study", "create", "--help"},
            {"study", "status", "--help"},
            {"study", "trials", "--help"},
            {"study", "importance", "--help"},
            {"study", "enqueue", "--help"},
            {"study", "ask", "--help"},
            {"study", "tell", "--help"},
            {"study", "cancel", "--help"},
            {"report", "--help"},
            {"events", "tail", "--help"},
            {"events", "replay", "--help"},
            {"outbox", "list", "--help"},
            {"outbox", "retry", "--help"},
            {"outbox", "drop", "--help"}
        }) {
            Result result = run(args);
            assertEquals(0, result.code, String.join(" ", args));
            assertTrue(result.out.contains("Usage: ratchet"), result.out);
        }
    }

    @Test
    void everyCommandTakesTheOptionsOfWhatItIs() {
        java.util.List<CommandLine> all = new java.util.ArrayList<>();
        collect(new CommandLine(new RatchetCli()), all);
        int services = 0;
        int tables = 0;
        for (CommandLine command : all) {
            Object user = command.getCommandSpec().userObject();
            String name = command.getCommandSpec().qualifiedName();
            boolean hasEndpoints = command.getCommandSpec().findOption("--tracking") != null;
            boolean hasOutput = command.getCommandSpec().findOption("-o") != null;
            if (user instanceof ServiceCommand) {
                assertTrue(hasEndpoints, name + " takes --tracking");
            }
            assertEquals(user instanceof TableCommand, hasOutput, name + " and -o");
            services += hasEndpoints ? 1 : 0;
            tables += hasOutput ? 1 : 0;
        }
        assertTrue(services >= 28 && tables >= 16, services + " service commands, " + tables + " with -o");
    }

    private static void collect(CommandLine command, java.util.List<CommandLine> all) {
        all.add(command);
        command.getSubcommands().values().stream()
                .filter(sub -> sub.getCommandName().equals(sub.getCommandSpec().name()))
                .forEach(sub -> collect(sub, all));
    }

    @Test
    void badUsageExitsWithTwoAndSaysWhy() {
        Result missing = run("evaluate", "some-run");
        assertEquals(2, missing.code);
        assertTrue(missing.err.contains("Error: Missing required argument"), missing.err);

        Result both = run(
                "evaluate",
                "r",
                "--labels",
                "a",
                "--predictions",
                "a",
                "--file",
                "x.csv",
                "--label-column",
                "y",
                "--prediction-column",
                "p");
        assertEquals(2, both.code);
        assertTrue(both.err.contains("mutually exclusive"), both.err);

        Result filesAndRun = run("data", "profile", "train.csv", "--run", "r");
        assertEquals(2, filesAndRun.code);
        assertTrue(filesAndRun.err.contains("give the files to profile or --run, not both"), filesAndRun.err);
    }

    @Test
    void anUnreachableServiceExitsWithFour() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Result result = run("runs", "show", "--tracking", "127.0.0.1:" + closedPort, "any-run");
        assertEquals(RatchetCli.UNREACHABLE, result.code);
        assertTrue(result.err.contains("cannot reach the service: UNAVAILABLE"), result.err);
    }

    private record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = RatchetCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
