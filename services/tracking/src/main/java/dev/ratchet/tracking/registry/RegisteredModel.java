package dev.ratchet.tracking.registry;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A named model: its tags, its aliases (alias → version) and the latest version in each stage. */
public record RegisteredModel(
        String name,
        String description,
        Instant createdAt,
        Instant updatedAt,
        Map<String, String> tags,
        Map<String, Integer> aliases,
        List<ModelVersion> latestVersions) {}
