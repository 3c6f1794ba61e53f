package dev.ratchet.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import picocli.CommandLine.Option;

/** Human-readable by default, {@code --output json} for scripts. */
class Output {
    enum Format {
        table,
        json
    }

    @Option(
            names = {"-o", "--output"},
            defaultValue = "table",
            description = "table or json (default ${DEFAULT-VALUE})")
    Format format;

    boolean json() {
        return format == Format.json;
    }

    static String json(MessageOrBuilder message) {
        try {
            return JsonFormat.printer().print(message);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }
}
