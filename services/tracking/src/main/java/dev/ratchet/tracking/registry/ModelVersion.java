package dev.ratchet.tracking.registry;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One numbered version of a registered model: where its files are ({@code source}, usually a run's
 * logged model) and the run that made it, if any.
 */
public record ModelVersion(
        String name,
        int version,
        String source,
        UUID runId,
        String runLink,
        String description,
        String userId,
        String stage,
        Instant createdAt,
        Instant updatedAt,
        Map<String, String> tags,
        List<String> aliases) {}
