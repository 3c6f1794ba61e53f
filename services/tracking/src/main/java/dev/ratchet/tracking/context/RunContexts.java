package dev.ratchet.tracking.context;

import dev.ratchet.common.grpc.ApiException;
import dev.ratchet.common.outbox.Outbox;
import dev.ratchet.contract.events.StoredMessages;
import dev.ratchet.events.v1.DatasetRegistered;
import dev.ratchet.tracking.run.Run;
import dev.ratchet.tracking.run.Runs;
import dev.ratchet.tracking.v1.DatasetInput;
import dev.ratchet.tracking.v1.DatasetRole;
import dev.ratchet.tracking.v1.Environment;
import dev.ratchet.tracking.v1.GitSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * A run's reproduction context: code version, datasets, environment, seed and command line. Data
 * new to the run's experiment (a digest no earlier run of it used) is announced as DatasetRegistered.
 */
@ApplicationScoped
public class RunContexts {
    public static final int MAX_DATASETS_PER_CALL = 100;
    /** MLflow's own limits on a dataset's name, source type and source. */
    static final int MAX_DATASET_NAME = 500;

    static final int MAX_DATASET_CONTEXT = 100;
    static final int MAX_DATASET_SOURCE = 65_535;

    @Inject
    Outbox outbox;

    @Inject
    Runs runs;

    @Inject
    SecretRedactor redactor;

    @Inject
    EntityManager entityManager;

    /** What a client logs; absent parts are left as they are. */
    public record Context(
            Optional<GitSource> git,
            List<DatasetInput> datasets,
            Optional<Environment> environment,
            OptionalLong seed,
            String command) {}

    @Transactional
    public void log(UUID runId, Context context) {
        validate(context);
        Run run = runs.get(runId);
        context.git().ifPresent(git -> {
            setOnce("git", run.gitCommit == null ? null : git(run), git);
            run.gitCommit = git.getCommit();
            run.gitBranch = git.getBranch();
            run.gitRemote = git.getRemote();
            run.gitDirty = git.getDirty();
        });
        context.environment().ifPresent(environment -> {
            Environment safe = environment.toBuilder()
                    .clearVariables()
                    .putAllVariables(redactor.redact(environment.getVariablesMap()))
                    .build();
            setOnce("environment", environment(run).orElse(null), safe);
            run.environment = safe.toByteArray();
        });
        if (context.seed().isPresent()) {
            setOnce("seed", run.seed, context.seed().getAsLong());
            run.seed = context.seed().getAsLong();
        }
        if (!context.command().isEmpty()) {
            setOnce("command", run.command, context.command());
            run.command = context.command();
        }
        for (DatasetInput dataset : context.datasets()) {
            boolean newToExperiment = run.experiment != null
                    && !dataset.getDigest().isEmpty()
                    && entityManager
                            .createNativeQuery("""
                    select 1 from run_dataset d join run r on r.id = d.run_id
                    where r.experiment_id = ?1 and d.digest = ?2 limit 1""")
                            .setParameter(1, run.experiment.id)
                            .setParameter(2, dataset.getDigest())
                            .getResultList()
                            .isEmpty();
            entityManager
                    .createNativeQuery("""
                    insert into run_dataset (run_id, role, digest, uri, version, row_count, schema_summary, name,
                                             context, source_type, source)
                    values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) on conflict do nothing""")
                    .setParameter(1, runId)
                    .setParameter(2, (short) dataset.getRoleValue())
                    .setParameter(3, dataset.getDigest())
                    .setParameter(4, dataset.getUri())
                    .setParameter(5, dataset.getVersion())
                    .setParameter(6, dataset.getRowCount())
                    .setParameter(7, dataset.getSchemaSummary())
                    .setParameter(8, dataset.getName())
                    .setParameter(
                            9, dataset.getContext().isEmpty() ? roleName(dataset.getRole()) : dataset.getContext())
                    .setParameter(10, dataset.getSourceType())
                    .setParameter(11, dataset.getSource())
                    .executeUpdate();
            if (newToExperiment) {
                outbox.publish(
                        runId.toString(),
                        DatasetRegistered.newBuilder()
                                .setExperimentName(run.experiment.name)
                                .setRunId(runId.toString())
                                .setUri(dataset.getUri())
                                .setDigest(dataset.getDigest())
                                .setVersion(dataset.getVersion())
                                .setRowCount(dataset.getRowCount())
                                .setRole(dataset.getRole()
                                        .name()
                                        .substring("DATASET_ROLE_".length())
                                        .toLowerCase(Locale.ROOT))
                                .build());
            }
        }
    }

    /** The run's datasets, by role then digest. */
    @Transactional
    public List<DatasetInput> datasets(UUID runId) {
        return datasets(List.of(runId)).getOrDefault(runId, List.of());
    }

    /** The datasets of several runs in one query (a page of search results), by run. */
    @Transactional
    public Map<UUID, List<DatasetInput>> datasets(Collection<UUID> runIds) {
        Map<UUID, List<DatasetInput>> datasets = new HashMap<>();
        @SuppressWarnings("unchecked")
        List<Object[]> rows =
                entityManager.createNativeQuery("""
                select run_id, role, digest, uri, version, row_count, schema_summary, name, context, source_type, source
                from run_dataset where run_id in (?1) order by run_id, role, digest""").setParameter(1, runIds).getResultList();
        for (Object[] row : rows) {
            datasets.computeIfAbsent((UUID) row[0], id -> new ArrayList<>())
                    .add(DatasetInput.newBuilder()
                            .setRole(DatasetRole.forNumber(((Number) row[1]).intValue()))
                            .setDigest((String) row[2])
                            .setUri((String) row[3])
                            .setVersion((String) row[4])
                            .setRowCount(((Number) row[5]).longValue())
                            .setSchemaSummary((String) row[6])
                            .setName((String) row[7])
                            .setContext((String) row[8])
                            .setSourceType((String) row[9])
                            .setSource((String) row[10])
                            .build());
        }
        return datasets;
    }

    /** A role's own name: "train", "validation", "test", or "" when unstated. */
    public static String roleName(DatasetRole role) {
        return role == DatasetRole.DATASET_ROLE_UNSPECIFIED
                ? ""
                : role.name().substring("DATASET_ROLE_".length()).toLowerCase(Locale.ROOT);
    }

    public static GitSource git(Run run) {
        GitSource.Builder git = GitSource.newBuilder();
        if (run.gitCommit != null) {
            git.setCommit(run.gitCommit)
                    .setBranch(run.gitBranch)
                    .setRemote(run.gitRemote)
                    .setDirty(Boolean.TRUE.equals(run.gitDirty));
        }
        return git.build();
    }

    public static Optional<Environment> environment(Run run) {
        return StoredMessages.read(Environment.parser(), run.environment, "environment of run " + run.id);
    }

    private static void setOnce(String part, Object logged, Object value) {
        if (logged != null && !Objects.equals(logged, value)) {
            throw ApiException.invalidArgument(part + " of this run was already logged with another value ("
                    + oneLine(logged) + "); a run's context is set once — start a new run");
        }
    }

    private static String oneLine(Object value) {
        String text = value.toString().replaceAll("\\s+", " ").strip();
        return text.length() > 120 ? text.substring(0, 117) + "..." : text;
    }

    private static void validate(Context context) {
        if (context.datasets().size() > MAX_DATASETS_PER_CALL) {
            throw ApiException.invalidArgument("datasets has "
                    + context.datasets().size() + " entries; at most " + MAX_DATASETS_PER_CALL + " per call");
        }
        for (int i = 0; i < context.datasets().size(); i++) {
            DatasetInput dataset = context.datasets().get(i);
            if (dataset.getUri().isBlank() || dataset.getDigest().isBlank()) {
                throw ApiException.invalidArgument("datasets[" + i + "] needs a uri and a digest (e.g. sha256:<hex>)");
            }
            if (dataset.getRole() == DatasetRole.UNRECOGNIZED || dataset.getRowCount() < 0) {
                throw ApiException.invalidArgument("datasets[" + i + "] has an unknown role or a negative row_count");
            }
            checkLength(i, "name", dataset.getName(), MAX_DATASET_NAME);
            checkLength(i, "context", dataset.getContext(), MAX_DATASET_CONTEXT);
            checkLength(i, "source_type", dataset.getSourceType(), MAX_DATASET_CONTEXT);
            checkLength(i, "source", dataset.getSource(), MAX_DATASET_SOURCE);
        }
        context.git().ifPresent(git -> {
            if (git.getCommit().isBlank()) {
                throw ApiException.invalidArgument("git.commit is required when git is given");
            }
        });
    }

    private static void checkLength(int i, String field, String value, int max) {
        if (value.length() > max) {
            throw ApiException.invalidArgument(
                    "datasets[" + i + "]." + field + " has " + value.length() + " characters; at most " + max);
        }
    }
}
