package dev.ratchet.tracking.artifact;

import dev.ratchet.common.grpc.ApiException;
import dev.ratchet.contract.events.Times;
import dev.ratchet.tracking.run.Runs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** Which files a run has; the bytes are in the {@link ArtifactStore}. */
@ApplicationScoped
public class Artifacts {
    private static final Pattern SAFE_PATH = Pattern.compile("[A-Za-z0-9._\\-+=@ ]+(/[A-Za-z0-9._\\-+=@ ]+)*");

    @Inject
    Runs runs;

    /** The path checked: relative, '/'-separated, no '.' or '..' segments. */
    public static String checkPath(String path) {
        if (path.isEmpty()
                || path.length() > 1_000
                || !SAFE_PATH.matcher(path).matches()
                || List.of(path.split("/")).stream().anyMatch(s -> s.equals(".") || s.equals(".."))) {
            throw ApiException.invalidArgument("path '" + path + "' must be relative and '/'-separated, with letters, "
                    + "digits, spaces and ._-+=@ only, no '.' or '..' segments, 1 to 1000 characters");
        }
        return path;
    }

    /** A caption is shown beside its image: one line of text, up to 1,000 characters. */
    public static String checkCaption(String caption) {
        if (caption.length() > 1_000 || caption.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.invalidArgument("caption must be one line of up to 1000 characters without control "
                    + "characters (it has " + caption.length() + ")");
        }
        return caption;
    }

    /** Checks the run exists before bytes are accepted for it. */
    @Transactional
    public void requireRun(UUID runId) {
        runs.get(runId);
    }

    @Transactional
    public Artifact record(
            UUID runId, String path, ArtifactStore.Stored stored, String contentType, boolean image, String caption) {
        runs.get(runId);
        Artifact existing = Artifact.findById(new Artifact.Key(runId, path));
        Artifact artifact = existing == null ? new Artifact() : existing;
        artifact.runId = runId;
        artifact.path = path;
        artifact.digest = stored.digest();
        artifact.sizeBytes = stored.size();
        artifact.contentType = contentType;
        artifact.image = image;
        artifact.caption = caption;
        artifact.createdAt = Times.now();
        if (existing == null) {
            artifact.persist();
        }
        return artifact;
    }

    @Transactional
    public Artifact get(UUID runId, String path) {
        runs.get(runId);
        return Artifact.<Artifact>findByIdOptional(new Artifact.Key(runId, path))
                .orElseThrow(() -> ApiException.notFound("run " + runId + " has no artifact at '" + path + "'"));
    }

    @Transactional
    public List<Artifact> list(UUID runId) {
        runs.get(runId);
        return Artifact.list("runId = ?1 order by path", runId);
    }

    /** One entry of a directory listing: a file with its size, or a directory (size -1). */
    public record Entry(String path, boolean directory, long sizeBytes) {}

    /**
     * One level of a run's artifact tree, as a file system lists a directory: the files directly in
     * {@code directory} ("" is the root) and the directories that hold deeper files, each once, by path;
     * paths are relative to the root. A file's path or a missing directory lists nothing.
     */
    @Transactional
    public List<Entry> listDirectory(UUID runId, String directory) {
        String prefix = directory.isEmpty() || directory.endsWith("/") ? directory : directory + "/";
        List<Entry> entries = new ArrayList<>();
        Set<String> directories = new HashSet<>();
        for (Artifact artifact : list(runId)) {
            if (!artifact.path.startsWith(prefix)) {
                continue;
            }
            int slash = artifact.path.indexOf('/', prefix.length());
            if (slash < 0) {
                entries.add(new Entry(artifact.path, false, artifact.sizeBytes));
            } else if (directories.add(artifact.path.substring(0, slash))) {
                entries.add(new Entry(artifact.path.substring(0, slash), true, -1));
            }
        }
        entries.sort(Comparator.comparing(Entry::path));
        return entries;
    }
}
