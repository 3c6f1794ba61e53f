package dev.ratchet.tracking;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Tracking's own settings, {@code ratchet.*} (the runtime's shared ones, {@code ratchet.outbox.*} and
 * the like, are common's {@code RuntimeConfig}); application.properties maps the README's environment
 * variables onto them.
 */
@ConfigMapping(prefix = "ratchet")
public interface TrackingConfig {
    /** Environment variable names whose values are redacted before they are stored. */
    String DEFAULT_SECRET_NAME_PATTERN =
            "(?i).*(SECRET|PASSWORD|PASSWD|PWD|TOKEN|API[_-]?KEY|ACCESS[_-]?KEY|PRIVATE[_-]?KEY|CREDENTIAL|AUTH"
                    + "|SESSION|COOKIE|[_-]KEY$|^KEY$|DSN|CONNECTION[_-]?STRING).*";

    Artifacts artifacts();

    Logging logging();

    @WithName("tracking")
    Runs runs();

    Mlflow mlflow();

    Registry registry();

    Redaction redaction();

    Ideas ideas();

    /** Artifact bytes on disk. */
    interface Artifacts {
        /** Where artifact bytes are stored (content-addressed). */
        Path root();

        /** The largest artifact accepted, in bytes. */
        @WithDefault("4294967296")
        long maxBytes();
    }

    /** LogBatch. */
    interface Logging {
        /** How long a batch's {@code batch_id} is remembered, so that a retry stores nothing twice. */
        @WithDefault("24h")
        Duration batchIdRetention();
    }

    /** Runs. */
    interface Runs {
        /** How long points and tags logged for a run nothing announced are kept waiting for it. */
        @WithDefault("7d")
        Duration unannouncedRunRetention();
    }

    /** MLflow's REST API. */
    interface Mlflow {
        /** The largest request body, in bytes; larger is 413. */
        @WithDefault("10485760")
        long maxBodyBytes();
    }

    /** MLflow's model registry. */
    interface Registry {
        /** The alias that follows each experiment's baseline (clients cannot set it). */
        @WithDefault("baseline")
        String baselineAlias();
    }

    /** Time-boxed ideas. */
    interface Ideas {
        /**
         * How often ideas whose time box ended are closed. Read by the check's schedule (an
         * expression); declared here so it is typed and checked at start.
         */
        @WithDefault("1m")
        Duration expiryCheck();
    }

    /** Secrets in recorded environments. */
    interface Redaction {
        /** A regular expression over variable names; matching variables are stored as redacted. */
        @WithDefault(DEFAULT_SECRET_NAME_PATTERN)
        String secretNamePattern();
    }
}
