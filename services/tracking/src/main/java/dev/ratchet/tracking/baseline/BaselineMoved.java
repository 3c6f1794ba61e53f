package dev.ratchet.tracking.baseline;

import java.util.Optional;
import java.util.UUID;

/**
 * Fired (as a CDI event, inside the promoting transaction) when an experiment's baseline moves to a
 * run, so that what follows the baseline — the registry's baseline alias — moves with it without the
 * ratchet knowing about it.
 */
public record BaselineMoved(UUID experimentId, Optional<UUID> previousRunId, UUID runId) {}
