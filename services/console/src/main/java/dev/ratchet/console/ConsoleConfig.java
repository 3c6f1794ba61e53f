package dev.ratchet.console;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The console's own settings, {@code ratchet.console.*}; where the three services are is gRPC clients' config. */
@ConfigMapping(prefix = "ratchet.console")
public interface ConsoleConfig {
    /** How long a page waits for a service before saying it does not answer. */
    @WithDefault("10s")
    Duration callTimeout();
}
