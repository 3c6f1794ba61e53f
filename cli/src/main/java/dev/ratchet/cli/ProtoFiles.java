package dev.ratchet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Requests written as YAML (or JSON) files: the fields of the request's protobuf message, in
 * protobuf's JSON mapping (snake_case or lowerCamelCase names, enum names as text), so every field
 * the API has can be set and a misspelt one is an error naming it.
 */
final class ProtoFiles {
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*([smhd])");

    private ProtoFiles() {}

    /** The file's tree; {@link #merge} then fills a request from it. */
    static ObjectNode read(Path file, CommandSpec spec) {
        try {
            JsonNode tree = YAML.readTree(file.toFile());
            if (!(tree instanceof ObjectNode object)) {
                throw new CommandLine.ParameterException(spec.commandLine(), file + " must hold a mapping of fields");
            }
            return object;
        } catch (IOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "cannot read " + file + ": " + e.getMessage());
        }
    }

    static <B extends Message.Builder> B merge(ObjectNode tree, B builder, Path file, CommandSpec spec) {
        try {
            JsonFormat.parser().merge(tree.toString(), builder);
            return builder;
        } catch (InvalidProtocolBufferException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), file + ": " + e.getMessage());
        }
    }

    /** "90s", "30m", "2h", "1d", or ISO-8601 ("PT30M"). */
    static Duration duration(String text, CommandSpec spec) {
        Matcher m = DURATION.matcher(text.trim());
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(text.trim());
        } catch (RuntimeException e) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "'" + text + "' is not a duration: write e.g. 90s, 30m, 2h, 1d or PT30M");
        }
    }
}
