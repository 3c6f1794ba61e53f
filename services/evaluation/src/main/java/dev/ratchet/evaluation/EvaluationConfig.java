package dev.ratchet.evaluation;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The evaluation service's own settings, {@code ratchet.evaluation.*} (environment:
 * {@code RATCHET_EVALUATION_*}); the README's configuration table lists them.
 */
@ConfigMapping(prefix = "ratchet.evaluation")
public interface EvaluationConfig {
    /** Most classes a classification may have: the cost grows with their square. */
    @WithDefault("1000")
    int maxClasses();

    /** Most values the slices of one evaluation may have: the report grows with them. */
    @WithDefault("1000")
    int maxSliceValues();

    /** The largest gRPC answer: clients refuse messages over 4 MiB unless told otherwise. */
    @WithDefault("4128768")
    int maxResponseBytes();

    /** Whether reports are uploaded to tracking as the run's artifact. */
    @WithDefault("true")
    boolean reportUpload();

    /** Uploads tried per report before it is given up (logged, the evaluation itself kept). */
    @WithDefault("20")
    int reportUploadAttempts();

    /** How often the reports waiting for upload are swept. */
    @WithDefault("5s")
    Duration reportUploadInterval();
}
