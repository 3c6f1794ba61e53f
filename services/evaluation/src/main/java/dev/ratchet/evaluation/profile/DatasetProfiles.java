package dev.ratchet.evaluation.profile;

import dev.ratchet.common.grpc.ApiException;
import dev.ratchet.common.profiles.ProfileKeys;
import dev.ratchet.evaluation.data.CsvTables;
import dev.ratchet.evaluation.data.FileDigests;
import dev.ratchet.evaluation.v1.GetProfileResponse;
import dev.ratchet.evaluation.v1.ProfileDatasetRequest;
import dev.ratchet.evaluation.v1.ProfileDatasetResponse;
import dev.ratchet.evaluation.v1.ProfiledFile;
import dev.ratchet.events.v1.DataProfile;
import dev.ratchet.tracking.v1.GetDatasetProfileRequest;
import dev.ratchet.tracking.v1.SaveDatasetProfileRequest;
import dev.ratchet.tracking.v1.TrackingServiceGrpc.TrackingServiceBlockingStub;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * ProfileDataset and GetProfile: the files' digests make the key; a profile stored in tracking
 * under it is returned as it is, otherwise the files are read, profiled and the profile stored.
 * Tracking being down costs only the storing: the profile is still returned, with a warning.
 */
@ApplicationScoped
public class DatasetProfiles {
    static final long DEFAULT_MIN_SLICE_ROWS = 30;
    static final int DEFAULT_SAMPLES = 5;
    static final int MAX_SAMPLES = 100;
    static final int MAX_FILES = 10;
    private static final Pattern ROLE = Pattern.compile("[a-z][a-z0-9_-]{0,39}");
    /** Bumped when the profile's content changes, so that older stored profiles are not served. */
    private static final String FORMAT = "ratchet-profile-v1";

    @GrpcClient("tracking")
    TrackingServiceBlockingStub tracking;

    public static String reportPath(String key) {
        return "/profiles/" + key + "/report.html";
    }

    public ProfileDatasetResponse profile(ProfileDatasetRequest request) {
        Profiler.Options options = options(request);
        List<ProfiledFile> files = files(request);
        List<Path> paths = new ArrayList<>();
        List<String> digests = new ArrayList<>();
        StringBuilder identity = new StringBuilder(FORMAT).append('\n');
        for (ProfiledFile file : files) {
            Path path = CsvTables.path(file.getUri());
            if (!Files.isRegularFile(path)) {
                throw ApiException.notFound("no file at " + path + " (" + file.getRole() + ")");
            }
            paths.add(path);
            digests.add(FileDigests.sha256(path));
            identity.append(file.getRole())
                    .append('=')
                    .append(digests.get(digests.size() - 1))
                    .append('\n');
        }
        identity.append("label=")
                .append(options.label())
                .append("\nids=")
                .append(options.idColumns())
                .append("\nmin_slice_rows=")
                .append(options.minSliceRows())
                .append("\nsamples=")
                .append(options.samplesPerLabel());
        String key = ProfileKeys.of(identity.toString());

        Optional<DataProfile> stored = stored(key);
        if (stored.isPresent()) {
            return ProfileDatasetResponse.newBuilder()
                    .setProfile(stored.get())
                    .setCached(true)
                    .setReportPath(reportPath(key))
                    .build();
        }
        Set<String> text = new HashSet<>(options.idColumns());
        if (!options.label().isEmpty()) {
            text.add(options.label());
        }
        List<Profiler.Part> parts = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            parts.add(new Profiler.Part(
                    files.get(i).getRole(),
                    paths.get(i).toUri().toString(),
                    digests.get(i),
                    CsvTables.read(paths.get(i).toString(), text)));
        }
        DataProfile profile = Profiler.profile(key, parts, options);
        try {
            profile = tracking.saveDatasetProfile(SaveDatasetProfileRequest.newBuilder()
                            .setProfile(profile)
                            .build())
                    .getProfile();
        } catch (StatusRuntimeException e) {
            profile = profile.toBuilder()
                    .addWarnings("not stored in tracking (" + e.getStatus().getCode() + " "
                            + e.getStatus().getDescription() + "): GetProfile will not find it; profile again later")
                    .build();
        }
        return ProfileDatasetResponse.newBuilder()
                .setProfile(profile)
                .setReportPath(reportPath(key))
                .build();
    }

    public GetProfileResponse get(String key) {
        ProfileKeys.check(key);
        try {
            DataProfile profile = tracking.getDatasetProfile(
                            GetDatasetProfileRequest.newBuilder().setKey(key).build())
                    .getProfile();
            return GetProfileResponse.newBuilder()
                    .setProfile(profile)
                    .setReportPath(reportPath(key))
                    .build();
        } catch (StatusRuntimeException e) {
            throw passOn(e);
        }
    }

    /** The profile tracking holds under the key; none when it has none or cannot be reached. */
    private Optional<DataProfile> stored(String key) {
        try {
            return Optional.of(tracking.getDatasetProfile(
                            GetDatasetProfileRequest.newBuilder().setKey(key).build())
                    .getProfile());
        } catch (StatusRuntimeException e) {
            return Optional.empty();
        }
    }

    /** Tracking's NOT_FOUND and INVALID_ARGUMENT are the caller's; anything else is tracking's trouble. */
    private static ApiException passOn(StatusRuntimeException e) {
        String description = e.getStatus().getDescription();
        return switch (e.getStatus().getCode()) {
            case NOT_FOUND -> ApiException.notFound(description);
            case INVALID_ARGUMENT -> ApiException.invalidArgument(description);
            default ->
                ApiException.unavailable("tracking, which stores profiles, answered "
                        + e.getStatus().getCode() + " " + description);
        };
    }

    private static Profiler.Options options(ProfileDatasetRequest request) {
        if (request.getMinSliceRows() < 0) {
            throw ApiException.invalidArgument(
                    "min_slice_rows must not be negative (0: " + DEFAULT_MIN_SLICE_ROWS + ")");
        }
        if (request.getSamplesPerLabel() < 0 || request.getSamplesPerLabel() > MAX_SAMPLES) {
            throw ApiException.invalidArgument(
                    "samples_per_label must be 0 to " + MAX_SAMPLES + " (0: " + DEFAULT_SAMPLES + ")");
        }
        if (request.getIdColumnsList().contains(request.getLabelColumn())) {
            throw ApiException.invalidArgument(
                    "the label column '" + request.getLabelColumn() + "' cannot also be an id column");
        }
        return new Profiler.Options(
                request.getLabelColumn(),
                List.copyOf(request.getIdColumnsList()),
                request.getMinSliceRows() == 0 ? DEFAULT_MIN_SLICE_ROWS : request.getMinSliceRows(),
                request.getSamplesPerLabel() == 0 ? DEFAULT_SAMPLES : request.getSamplesPerLabel());
    }

    /** The files with their roles checked: at least one, roles distinct, an empty role "data". */
    private static List<ProfiledFile> files(ProfileDatasetRequest request) {
        if (request.getFilesCount() == 0 || request.getFilesCount() > MAX_FILES) {
            throw ApiException.invalidArgument(
                    "give 1 to " + MAX_FILES + " files to profile, not " + request.getFilesCount());
        }
        Set<String> roles = new HashSet<>();
        List<ProfiledFile> files = new ArrayList<>();
        for (ProfiledFile file : request.getFilesList()) {
            String role = file.getRole().isEmpty() ? "data" : file.getRole();
            if (!ROLE.matcher(role).matches()) {
                throw ApiException.invalidArgument("role '" + role + "' must be lowercase letters, digits, _ or -, "
                        + "e.g. train, validation, test");
            }
            if (!roles.add(role)) {
                throw ApiException.invalidArgument("role '" + role + "' is given twice; give each file its own role");
            }
            if (file.getUri().isBlank()) {
                throw ApiException.invalidArgument("the " + role + " file has no uri");
            }
            files.add(file.toBuilder().setRole(role).build());
        }
        return files;
    }
}
