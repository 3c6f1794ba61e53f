package dev.ratchet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ratchet.orchestration.v1.CreateStudyRequest;
import dev.ratchet.orchestration.v1.Direction;
import dev.ratchet.orchestration.v1.SamplerKind;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Requests written as YAML: every field of the message, and a clear error for a wrong one. */
class ProtoFilesTest {
    @TempDir
    Path dir;

    private final CommandLine cli = RatchetCli.commandLine();

    @Test
    void aStudyFileFillsTheRequestInProtobufsJsonNames() throws Exception {
        Path file = dir.resolve("study.yaml");
        Files.writeString(file, """
                name: tpe-xgb
                experiment_name: german-credit
                max_trials: 20
                objective: {metric: auc, direction: DIRECTION_MAXIMIZE, context: METRIC_CONTEXT_VALIDATION}
                search_space:
                  params:
                    - {name: eta, float_range: {low: 0.01, high: 0.3, log: true}}
                    - {name: max_depth, int_range: {low: 2, high: 6, step: 1}}
                sampler: {kind: SAMPLER_KIND_TPE, seed: 42}
                job: {command: [java, -jar, trainer.jar]}
                budget: {maxParallelTrials: 2}
                """);
        CreateStudyRequest request = ProtoFiles.merge(
                        ProtoFiles.read(file, cli.getCommandSpec()),
                        CreateStudyRequest.newBuilder(),
                        file,
                        cli.getCommandSpec())
                .build();
        assertEquals("tpe-xgb", request.getName());
        assertEquals(20, request.getMaxTrials());
        assertEquals(Direction.DIRECTION_MAXIMIZE, request.getObjective().getDirection());
        assertEquals(0.3, request.getSearchSpace().getParams(0).getFloatRange().getHigh());
        assertEquals(6, request.getSearchSpace().getParams(1).getIntRange().getHigh());
        assertEquals(SamplerKind.SAMPLER_KIND_TPE, request.getSampler().getKind());
        assertEquals(2, request.getBudget().getMaxParallelTrials(), "lowerCamelCase names work too");
    }

    @Test
    void aMisspeltFieldIsAnErrorThatNamesIt() throws Exception {
        Path file = dir.resolve("study.yaml");
        Files.writeString(file, "name: x\nmax_trail: 3\n");
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        assertEquals(2, cli.execute("study", "create", "-f", file.toString()));
        assertTrue(err.toString().contains("max_trail"), err.toString());
    }

    @Test
    void durationsReadAsPeopleWriteThem() {
        assertEquals(Duration.ofMinutes(30), ProtoFiles.duration("30m", cli.getCommandSpec()));
        assertEquals(Duration.ofHours(2), ProtoFiles.duration("2h", cli.getCommandSpec()));
        assertEquals(Duration.ofSeconds(90), ProtoFiles.duration("PT1M30S", cli.getCommandSpec()));
    }

    @Test
    void aSparklineFollowsTheSeries() {
        assertEquals("▁▃▆█", Sparkline.of(new double[] {0, 1, 2, 3}, 60));
        assertEquals(3, Sparkline.of(new double[] {5, 4, 3, 2, 1, 0}, 3).length());
        assertEquals("▅▅", Sparkline.of(new double[] {1, 1}, 10));
    }
}
