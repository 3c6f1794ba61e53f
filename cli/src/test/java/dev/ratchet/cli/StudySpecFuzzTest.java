package dev.ratchet.cli;

import dev.ratchet.orchestration.v1.CreateStudyRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import picocli.CommandLine;

/**
 * Fuzzing YAML study specs as `ratchet study create -f` reads them: lines of real fields, wrong
 * types, unknown names, broken indentation and YAML syntax. Each becomes a request or a
 * ParameterException naming the file and what is wrong; anything else thrown is a crash.
 * Seeded; -Pfuzz runs 10^6 inputs.
 */
class StudySpecFuzzTest {
    private final CommandLine cli = RatchetCli.commandLine();

    @Property(seed = "20261202")
    void aSpecIsReadOrRefusedNeverCrashes(@ForAll("specs") String yaml) throws IOException {
        Path file = Files.createTempFile("study", ".yaml");
        try {
            Files.writeString(file, yaml);
            ProtoFiles.merge(
                    ProtoFiles.read(file, cli.getCommandSpec()),
                    CreateStudyRequest.newBuilder(),
                    file,
                    cli.getCommandSpec());
        } catch (CommandLine.ParameterException refused) {
            // a clear refusal, exit code 2
        } finally {
            Files.delete(file);
        }
    }

    @Provide
    Arbitrary<String> specs() {
        Arbitrary<String> line = Arbitraries.frequencyOf(
                Tuple.of(
                        8,
                        Arbitraries.of(
                                "name: tpe",
                                "experiment_name: credit",
                                "max_trials: 20",
                                "max_trials: -3",
                                "max_trials: many",
                                "objective: {metric: auc, direction: DIRECTION_MAXIMIZE}",
                                "objective: {direction: SIDEWAYS}",
                                "search_space:",
                                "  params:",
                                "    - {name: eta, float_range: {low: 0.01, high: 0.3, log: true}}",
                                "    - {name: d, int_range: {low: 2, high: 1e99}}",
                                "sampler: {kind: SAMPLER_KIND_TPE, seed: 42}",
                                "budget: {maxParallelTrials: 2, timeBox: 600s}",
                                "budget: {timeBox: forever}",
                                "job: {command: [java, -jar, t.jar]}",
                                "unknown_field: 1",
                                "- just a list",
                                "42")),
                Tuple.of(
                        3,
                        Arbitraries.of(
                                "{",
                                "}",
                                "[",
                                "]",
                                ": :",
                                "&anchor x",
                                "*alias",
                                "!!binary x",
                                "---",
                                "\t",
                                "'",
                                "\"",
                                "name: \"unterminated",
                                "? complex",
                                "%YAML 9.9")),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(20)));
        return line.list().ofMaxSize(15).map(lines -> String.join("\n", lines));
    }
}
