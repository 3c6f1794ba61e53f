package dev.ratchet.tracking.registry;

import dev.ratchet.common.grpc.ApiException;
import dev.ratchet.contract.events.Times;
import dev.ratchet.tracking.TrackingConfig;
import dev.ratchet.tracking.baseline.BaselineMoved;
import dev.ratchet.tracking.baseline.Baselines;
import dev.ratchet.tracking.search.ClauseFilter;
import dev.ratchet.tracking.search.FilterSyntaxException;
import dev.ratchet.tracking.search.PageTokens;
import dev.ratchet.tracking.search.Placeholders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The model registry MLflow's clients know: registered models, numbered versions, tags, stages and
 * aliases. An alias names one version ({@code models:/credit@champion}). One alias
 * ({@code ratchet.registry.baseline-alias}, "baseline") follows the experiments' baselines: it names
 * the version made by the run that is its experiment's baseline, moves when the ratchet turns, and
 * cannot be set by hand.
 */
@ApplicationScoped
public class ModelRegistry {
    public static final List<String> STAGES = List.of("None", "Staging", "Production", "Archived");
    static final int MAX_NAME_LENGTH = 256;
    static final int MAX_TEXT_LENGTH = 5_000;
    /** MLflow refuses aliases that read as a version reference ({@code v3}) or as {@code latest}. */
    private static final Pattern RESERVED_ALIAS = Pattern.compile("(?i)v\\d+|latest");

    private static final String VERSION_COLUMNS = """
            v.model_name, v.version, v.source, coalesce(cast(v.run_id as text), ''), v.run_link, v.description,
            v.user_id, v.stage, cast(extract(epoch from v.created_at) * 1000 as bigint),
            cast(extract(epoch from v.updated_at) * 1000 as bigint)""";
    private static final Map<String, String> MODEL_FIELDS = Map.of("name", "m.name");
    private static final Map<String, String> VERSION_FIELDS = Map.of(
            "name",
            "v.model_name",
            "run_id",
            "cast(v.run_id as text)",
            "source_path",
            "v.source",
            "source",
            "v.source");

    @Inject
    EntityManager entityManager;

    @Inject
    Baselines baselines;

    @Inject
    TrackingConfig config;

    /** A page of results and the token of the next page (empty on the last). */
    public record Page<T>(List<T> items, String nextPageToken) {}

    // ---- registered models ----

    @Transactional
    public RegisteredModel create(String name, String description, Map<String, String> tags) {
        checkName(name);
        checkText("description", description);
        if (!rows("select 1 from registered_model where name = ?1", name).isEmpty()) {
            throw ApiException.alreadyExists("Registered Model (name=" + name + ") already exists.");
        }
        Instant now = Times.now();
        update(
                "insert into registered_model (name, description, created_at, updated_at) values (?1, ?2, ?3, ?3)",
                name,
                description,
                now);
        tags.forEach((key, value) -> setTag(name, key, value));
        return get(name);
    }

    @Transactional
    public RegisteredModel get(String name) {
        List<Object[]> found = rows("""
                select name, description, cast(extract(epoch from created_at) * 1000 as bigint),
                       cast(extract(epoch from updated_at) * 1000 as bigint)
                from registered_model where name = ?1""", name);
        if (found.isEmpty()) {
            throw modelNotFound(name);
        }
        Object[] row = found.get(0);
        Map<String, Integer> aliases = new TreeMap<>();
        rows("select alias, version from registered_model_alias where model_name = ?1", name)
                .forEach(a -> aliases.put((String) a[0], ((Number) a[1]).intValue()));
        return new RegisteredModel(
                name,
                (String) row[1],
                instant(row[2]),
                instant(row[3]),
                pairs("select key, value from registered_model_tag where model_name = ?1", name),
                aliases,
                latestVersions(name, List.of()));
    }

    @Transactional
    public RegisteredModel rename(String name, String newName) {
        checkName(newName);
        requireModel(name);
        if (!rows("select 1 from registered_model where name = ?1", newName).isEmpty()) {
            throw ApiException.alreadyExists("Registered Model (name=" + newName + ") already exists.");
        }
        update("update registered_model set name = ?2, updated_at = ?3 where name = ?1", name, newName, Times.now());
        return get(newName);
    }

    @Transactional
    public RegisteredModel describe(String name, String description) {
        checkText("description", description);
        requireModel(name);
        update(
                "update registered_model set description = ?2, updated_at = ?3 where name = ?1",
                name,
                description,
                Times.now());
        return get(name);
    }

    /** Deletes the model with its versions, tags and aliases. */
    @Transactional
    public void delete(String name) {
        requireModel(name);
        update("delete from registered_model where name = ?1", name);
    }

    @Transactional
    public void setTag(String name, String key, String value) {
        checkTag(key, value);
        requireModel(name);
        update("""
                insert into registered_model_tag (model_name, key, value) values (?1, ?2, ?3)
                on conflict (model_name, key) do update set value = excluded.value""", name, key, value);
    }

    @Transactional
    public void deleteTag(String name, String key) {
        requireModel(name);
        if (update("delete from registered_model_tag where model_name = ?1 and key = ?2", name, key) == 0) {
            throw ApiException.notFound("Registered model '" + name + "' has no tag '" + key + "'");
        }
    }

    /** Models by MLflow's filter on {@code name} and {@code tags.<key>}, ordered by name. */
    @Transactional
    public Page<RegisteredModel> search(String filter, int maxResults, String pageToken) {
        ClauseFilter.Sql where = where(
                filter,
                MODEL_FIELDS,
                "(select t.value from registered_model_tag t where t.model_name = m.name and t.key = ?)");
        int offset = PageTokens.offset(pageToken, "registered-models/search");
        List<Object> binds = new ArrayList<>(where.binds());
        binds.add(maxResults + 1);
        binds.add(offset);
        List<Object[]> names = rows(
                Placeholders.numbered("select m.name, 0 from registered_model m"
                        + (where.text().isEmpty() ? "" : " where " + where.text())
                        + " order by m.name limit ? offset ?"),
                binds.toArray());
        List<RegisteredModel> models = new ArrayList<>();
        names.stream().limit(maxResults).forEach(row -> models.add(get((String) row[0])));
        return new Page<>(models, names.size() > maxResults ? PageTokens.token(offset + maxResults) : "");
    }

    // ---- versions ----

    /** A new version, numbered one past the model's highest; the model's row lock keeps numbers unique. */
    @Transactional
    public ModelVersion createVersion(
            String name,
            String source,
            Optional<UUID> runId,
            String runLink,
            String description,
            String userId,
            Map<String, String> tags) {
        if (source.isBlank()) {
            throw ApiException.invalidArgument("source must say where the model's files are, e.g. "
                    + "runs:/<run_id>/model or mlflow-artifacts:/...");
        }
        checkText("source", source);
        checkText("description", description);
        if (rows("select name, 0 from registered_model where name = ?1 for update", name)
                .isEmpty()) {
            throw modelNotFound(name);
        }
        int version = ((Number) entityManager
                        .createNativeQuery(
                                "select coalesce(max(version), 0) + 1 from model_version where model_name = ?1")
                        .setParameter(1, name)
                        .getSingleResult())
                .intValue();
        Instant now = Times.now();
        update("""
                insert into model_version (model_name, version, source, run_id, run_link, description, user_id, stage,
                                           created_at, updated_at)
                values (?1, ?2, ?3, cast(nullif(?4, '') as uuid), ?5, ?6, ?7, 'None', ?8, ?8)""", name, version, source, runId.map(UUID::toString).orElse(""), runLink, description, userId, now);
        update("update registered_model set updated_at = ?2 where name = ?1", name, now);
        tags.forEach((key, value) -> setVersionTag(name, version, key, value));
        if (runId.isPresent() && baselines.isCurrent(runId.get())) {
            moveAlias(config.registry().baselineAlias(), Optional.empty(), runId.get());
        }
        return getVersion(name, version);
    }

    @Transactional
    public ModelVersion getVersion(String name, int version) {
        List<Object[]> found = rows(
                "select " + VERSION_COLUMNS + " from model_version v where v.model_name = ?1 and v.version = ?2",
                name,
                version);
        if (found.isEmpty()) {
            throw versionNotFound(name, version);
        }
        return version(found.get(0));
    }

    @Transactional
    public ModelVersion describeVersion(String name, int version, String description) {
        checkText("description", description);
        requireVersion(name, version);
        update(
                "update model_version set description = ?3, updated_at = ?4 where model_name = ?1 and version = ?2",
                name,
                version,
                description,
                Times.now());
        return getVersion(name, version);
    }

    @Transactional
    public void deleteVersion(String name, int version) {
        requireVersion(name, version);
        update("delete from model_version where model_name = ?1 and version = ?2", name, version);
    }

    /**
     * Moves a version to a stage (None, Staging, Production, Archived; any case); with
     * {@code archiveExisting} the model's other versions in Staging or Production are archived.
     */
    @Transactional
    public ModelVersion transition(String name, int version, String stage, boolean archiveExisting) {
        String canonical = STAGES.stream()
                .filter(s -> s.equalsIgnoreCase(stage))
                .findFirst()
                .orElseThrow(() -> ApiException.invalidArgument("stage '" + stage + "' is not one of " + STAGES));
        requireVersion(name, version);
        Instant now = Times.now();
        if (archiveExisting && (canonical.equals("Staging") || canonical.equals("Production"))) {
            update("""
                    update model_version set stage = 'Archived', updated_at = ?4
                    where model_name = ?1 and version <> ?2 and stage = ?3""", name, version, canonical, now);
        }
        update(
                "update model_version set stage = ?3, updated_at = ?4 where model_name = ?1 and version = ?2",
                name,
                version,
                canonical,
                now);
        return getVersion(name, version);
    }

    /** The highest version in each of the stages (all stages when none are named). */
    @Transactional
    public List<ModelVersion> latestVersions(String name, List<String> stages) {
        List<String> wanted = stages.stream()
                .map(s -> STAGES.stream()
                        .filter(s::equalsIgnoreCase)
                        .findFirst()
                        .orElseThrow(() -> ApiException.invalidArgument("stage '" + s + "' is not one of " + STAGES)))
                .toList();
        List<ModelVersion> latest = new ArrayList<>();
        for (Object[] row : rows(
                "select distinct on (v.stage) " + VERSION_COLUMNS
                        + " from model_version v where v.model_name = ?1 order by v.stage, v.version desc",
                name)) {
            ModelVersion version = version(row);
            if (wanted.isEmpty() || wanted.contains(version.stage())) {
                latest.add(version);
            }
        }
        latest.sort(java.util.Comparator.comparingInt(ModelVersion::version));
        return latest;
    }

    @Transactional
    public void setVersionTag(String name, int version, String key, String value) {
        checkTag(key, value);
        requireVersion(name, version);
        update("""
                insert into model_version_tag (model_name, version, key, value) values (?1, ?2, ?3, ?4)
                on conflict (model_name, version, key) do update set value = excluded.value""", name, version, key, value);
    }

    @Transactional
    public void deleteVersionTag(String name, int version, String key) {
        requireVersion(name, version);
        if (update(
                        "delete from model_version_tag where model_name = ?1 and version = ?2 and key = ?3",
                        name,
                        version,
                        key)
                == 0) {
            throw ApiException.notFound("Model version " + name + "/" + version + " has no tag '" + key + "'");
        }
    }

    /** Versions by MLflow's filter on {@code name}, {@code run_id}, {@code source_path} and {@code tags.<key>}. */
    @Transactional
    public Page<ModelVersion> searchVersions(String filter, int maxResults, String pageToken) {
        ClauseFilter.Sql where = where(
                filter,
                VERSION_FIELDS,
                "(select t.value from model_version_tag t where "
                        + "t.model_name = v.model_name and t.version = v.version and t.key = ?)");
        int offset = PageTokens.offset(pageToken, "model-versions/search");
        List<Object> binds = new ArrayList<>(where.binds());
        binds.add(maxResults + 1);
        binds.add(offset);
        List<Object[]> found = rows(
                Placeholders.numbered("select " + VERSION_COLUMNS + " from model_version v"
                        + (where.text().isEmpty() ? "" : " where " + where.text())
                        + " order by v.model_name, v.version desc limit ? offset ?"),
                binds.toArray());
        List<ModelVersion> versions =
                found.stream().limit(maxResults).map(this::version).toList();
        return new Page<>(versions, found.size() > maxResults ? PageTokens.token(offset + maxResults) : "");
    }

    // ---- aliases ----

    @Transactional
    public void setAlias(String name, String alias, int version) {
        checkAlias(alias);
        checkNotBaselineAlias(alias);
        requireVersion(name, version);
        update("""
                insert into registered_model_alias (model_name, alias, version) values (?1, ?2, ?3)
                on conflict (model_name, alias) do update set version = excluded.version""", name, alias, version);
    }

    @Transactional
    public void deleteAlias(String name, String alias) {
        checkNotBaselineAlias(alias);
        requireModel(name);
        update("delete from registered_model_alias where model_name = ?1 and alias = ?2", name, alias);
    }

    @Transactional
    public ModelVersion byAlias(String name, String alias) {
        requireModel(name);
        List<Object[]> found =
                rows("select version, 0 from registered_model_alias where model_name = ?1 and alias = ?2", name, alias);
        if (found.isEmpty()) {
            throw ApiException.notFound("Registered model alias " + alias + " not found.");
        }
        return getVersion(name, ((Number) found.get(0)[0]).intValue());
    }

    /** The baseline alias moves with the ratchet, in the promoting transaction. */
    void baselineMoved(@Observes BaselineMoved moved) {
        moveAlias(config.registry().baselineAlias(), moved.previousRunId(), moved.runId());
    }

    /**
     * Points {@code alias} at each model's newest version made by {@code runId}, and takes it off the
     * versions of {@code previousRunId} in models that have none of {@code runId}'s.
     */
    private void moveAlias(String alias, Optional<UUID> previousRunId, UUID runId) {
        previousRunId.ifPresent(previous -> update("""
                delete from registered_model_alias a using model_version v
                where a.alias = ?1 and v.model_name = a.model_name and v.version = a.version and v.run_id = ?2""", alias, previous));
        update("""
                insert into registered_model_alias (model_name, alias, version)
                select model_name, ?1, max(version) from model_version where run_id = ?2 group by model_name
                on conflict (model_name, alias) do update set version = excluded.version""", alias, runId);
    }

    private void checkNotBaselineAlias(String alias) {
        if (alias.equals(config.registry().baselineAlias())) {
            throw ApiException.invalidArgument("alias '" + alias + "' follows the experiment's baseline and moves "
                    + "only when the ratchet promotes a run (SetBaseline or the evaluation gate); use another alias");
        }
    }

    private static void checkAlias(String alias) {
        if (alias.isBlank()
                || alias.length() > MAX_NAME_LENGTH
                || RESERVED_ALIAS.matcher(alias).matches()) {
            throw ApiException.invalidArgument("alias '" + alias + "' must have 1 to " + MAX_NAME_LENGTH
                    + " characters and must not be 'latest' or look like a version ('v1')");
        }
    }

    // ---- rows ----

    private static ApiException modelNotFound(String name) {
        return ApiException.notFound("Registered Model with name=" + name + " not found");
    }

    private static ApiException versionNotFound(String name, int version) {
        return ApiException.notFound("Model Version (name=" + name + ", version=" + version + ") not found");
    }

    /** NOT_FOUND unless the model exists; reads one row, not the model's tags, aliases and versions. */
    private void requireModel(String name) {
        if (rows("select 1, 0 from registered_model where name = ?1", name).isEmpty()) {
            throw modelNotFound(name);
        }
    }

    /** NOT_FOUND unless the version exists; reads one row, not its tags and aliases. */
    private void requireVersion(String name, int version) {
        if (rows("select 1, 0 from model_version where model_name = ?1 and version = ?2", name, version)
                .isEmpty()) {
            throw versionNotFound(name, version);
        }
    }

    private ModelVersion version(Object[] row) {
        String name = (String) row[0];
        int version = ((Number) row[1]).intValue();
        String runId = (String) row[3];
        List<String> aliases = rows(
                        "select alias, 0 from registered_model_alias where model_name = ?1 and version = ?2 "
                                + "order by alias",
                        name,
                        version)
                .stream()
                .map(a -> (String) a[0])
                .toList();
        return new ModelVersion(
                name,
                version,
                (String) row[2],
                runId.isEmpty() ? null : UUID.fromString(runId),
                (String) row[4],
                (String) row[5],
                (String) row[6],
                (String) row[7],
                instant(row[8]),
                instant(row[9]),
                pairs("select key, value from model_version_tag where model_name = ?1 and version = ?2", name, version),
                aliases);
    }

    private static ClauseFilter.Sql where(String filter, Map<String, String> fields, String tagExpression) {
        try {
            return ClauseFilter.where(filter, fields, tagExpression);
        } catch (FilterSyntaxException e) {
            throw ApiException.invalidArgument(e.getMessage());
        }
    }

    private Map<String, String> pairs(String sql, Object... binds) {
        Map<String, String> pairs = new LinkedHashMap<>();
        rows(sql + " order by key", binds).forEach(r -> pairs.put((String) r[0], (String) r[1]));
        return pairs;
    }

    @SuppressWarnings("unchecked")
    private List<Object[]> rows(String sql, Object... binds) {
        return bind(entityManager.createNativeQuery(sql), binds).getResultList();
    }

    private int update(String sql, Object... binds) {
        return bind(entityManager.createNativeQuery(sql), binds).executeUpdate();
    }

    private static jakarta.persistence.Query bind(jakarta.persistence.Query query, Object... binds) {
        for (int i = 0; i < binds.length; i++) {
            query.setParameter(i + 1, binds[i]);
        }
        return query;
    }

    private static Instant instant(Object millis) {
        return Instant.ofEpochMilli(((Number) millis).longValue());
    }

    private static void checkName(String name) {
        if (name.isBlank() || name.length() > MAX_NAME_LENGTH) {
            throw ApiException.invalidArgument(
                    "Registered model name must have 1 to " + MAX_NAME_LENGTH + " characters; it has " + name.length());
        }
    }

    private static void checkText(String field, String value) {
        if (value.length() > MAX_TEXT_LENGTH) {
            throw ApiException.invalidArgument(
                    field + " has " + value.length() + " characters; at most " + MAX_TEXT_LENGTH);
        }
    }

    private static void checkTag(String key, String value) {
        if (key.isBlank() || key.length() > MAX_NAME_LENGTH) {
            throw ApiException.invalidArgument(
                    "tag key '" + key + "' must have 1 to " + MAX_NAME_LENGTH + " characters");
        }
        checkText("tag '" + key + "'", value);
    }
}
