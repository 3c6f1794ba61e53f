package dev.ratchet.console.dataset;

import dev.ratchet.console.backend.Backends;
import dev.ratchet.events.v1.ColumnProfile;
import dev.ratchet.events.v1.DataProfile;
import dev.ratchet.events.v1.PartProfile;
import dev.ratchet.tracking.v1.ListDatasetProfilesRequest;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A dataset, known by its content digest (what a run records), shown through its profiles: the
 * parts side by side with their label balance, every column's missing values, spread and
 * histogram, the shifts between parts, the warnings and a few sample rows per label. A run's
 * datasets link here; when several profiles include the data (the file alone, a split it belongs
 * to), the newest is shown and the others are listed.
 */
@Path("/datasets")
public class DatasetPage {
    private static final int MAX_PROFILES = 20;

    /** One column across the parts: {@code parts.get(i)} is null where part i lacks it. */
    public record ColumnRow(String name, String type, List<ColumnProfile> parts, String histogram) {}

    public record View(
            String digest,
            List<DataProfile> profiles,
            DataProfile shown,
            List<String> colours,
            List<ColumnRow> columns) {}

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance dataset(View page);
    }

    @Inject
    Backends backends;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page(@QueryParam("digest") String digest, @QueryParam("profile") String profileKey) {
        if (digest == null || digest.isBlank()) {
            throw new IllegalArgumentException("give the data's content digest: /datasets?digest=sha256:<hex>"
                    + " (a run's page links its datasets here)");
        }
        List<DataProfile> profiles = backends.tracking(
                        t -> t.listDatasetProfiles(ListDatasetProfilesRequest.newBuilder()
                                .setDigest(digest.strip())
                                .setMaxResults(MAX_PROFILES)
                                .build()))
                .getProfilesList();
        DataProfile shown = profiles.stream()
                .filter(p -> p.getKey().equals(profileKey))
                .findFirst()
                .orElse(profiles.isEmpty() ? null : profiles.get(0));
        return Templates.dataset(new View(
                digest.strip(),
                profiles,
                shown,
                ProfileHistograms.COLOURS,
                shown == null ? List.of() : columns(shown)));
    }

    /** Every column of any part, in the first part's order, then columns only later parts have. */
    static List<ColumnRow> columns(DataProfile profile) {
        Set<String> names = new LinkedHashSet<>();
        profile.getPartsList().forEach(part -> part.getColumnsList().forEach(c -> names.add(c.getName())));
        List<String> roles =
                profile.getPartsList().stream().map(PartProfile::getRole).toList();
        List<Long> rows =
                profile.getPartsList().stream().map(PartProfile::getRows).toList();
        List<ColumnRow> columns = new ArrayList<>();
        for (String name : names) {
            List<ColumnProfile> parts = new ArrayList<>();
            for (PartProfile part : profile.getPartsList()) {
                parts.add(part.getColumnsList().stream()
                        .filter(c -> c.getName().equals(name))
                        .findFirst()
                        .orElse(null));
            }
            String type = parts.stream()
                    .filter(c -> c != null)
                    .map(ColumnProfile::getType)
                    .findFirst()
                    .orElse("");
            columns.add(new ColumnRow(name, type, parts, ProfileHistograms.svg(roles, parts, rows)));
        }
        return columns;
    }
}
