package dev.ratchet.tracking.search;

import java.util.Map;

/**
 * MLflow's reserved run tags that Ratchet keeps in fields of its own. A filter on one of them
 * ({@code tags.mlflow.runName = 'baseline'}) reads the tag if a client set it, else the field, as
 * MLflow's API shows them.
 */
public final class ReservedTags {
    public static final String RUN_NAME = "mlflow.runName";
    public static final String USER = "mlflow.user";
    public static final String NOTE = "mlflow.note.content";
    public static final String PARENT_RUN = "mlflow.parentRunId";
    public static final String GIT_COMMIT = "mlflow.source.git.commit";
    public static final String GIT_BRANCH = "mlflow.source.git.branch";
    public static final String GIT_REMOTE = "mlflow.source.git.repoURL";

    /** Each reserved tag's value on run {@code r}, null where the field is unset. */
    static final Map<String, String> COLUMNS = Map.of(
            RUN_NAME, "nullif(r.name, '')",
            USER, "nullif(r.user_name, '')",
            NOTE, "nullif(r.notes, '')",
            PARENT_RUN, "cast(r.parent_run_id as text)",
            GIT_COMMIT, "r.git_commit",
            GIT_BRANCH, "nullif(r.git_branch, '')",
            GIT_REMOTE, "nullif(r.git_remote, '')");

    private ReservedTags() {}
}
