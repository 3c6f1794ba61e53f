package dev.ratchet.cli;

import com.google.protobuf.MessageOrBuilder;
import picocli.CommandLine.Mixin;

/** A service command that prints a table, or with {@code -o json} the service's answer as protobuf JSON. */
abstract class TableCommand extends ServiceCommand {
    @Mixin
    Output output;

    /** With {@code -o json}, prints the message and says so; otherwise the caller prints its table. */
    boolean printedJson(MessageOrBuilder message) {
        if (!output.json()) {
            return false;
        }
        out().println(Output.json(message));
        return true;
    }
}
