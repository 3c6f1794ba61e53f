package dev.ratchet.orchestrator.study;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A hyperparameter study: trials of one experiment optimising one objective. */
@Entity
public class Study extends PanacheEntityBase {
    @Id
    public UUID id;

    @Column(nullable = false)
    public String name;

    @Column(name = "experiment_name", nullable = false)
    public String experimentName;

    @Column(name = "objective_metric", nullable = false)
    public String objectiveMetric;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Direction direction;

    @Column(name = "max_trials", nullable = false)
    public int maxTrials;

    /** How many trials have completed; the last one completed has this as its completion number. */
    @Column(name = "completed_trials", nullable = false)
    public int completedTrials;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public StudyState state;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** The {@code SearchSpace}, protobuf-encoded; null for a study without one. */
    @Column(name = "search_space")
    public byte[] searchSpace;

    /** The {@code SamplerSpec}, protobuf-encoded. */
    public byte[] sampler;

    /** The {@code JobTemplate} every trial runs, protobuf-encoded; null for an ask/tell study. */
    public byte[] job;

    /** The {@code Budget}, protobuf-encoded. */
    public byte[] budget;

    /** The {@code PrunerSpec}, protobuf-encoded; null without early stopping. */
    public byte[] pruner;

    /** The {@code BestTrialEvaluation}, protobuf-encoded; null when the best trial is not evaluated. */
    @Column(name = "evaluate_best")
    public byte[] evaluateBest;

    /** The objective's {@code MetricContext} name; METRIC_CONTEXT_UNSPECIFIED accepts every context. */
    @Column(name = "objective_context", nullable = false)
    public String objectiveContext = "METRIC_CONTEXT_UNSPECIFIED";

    /** LAST or BEST. */
    @Column(name = "objective_step", nullable = false)
    public String objectiveStep = "LAST";

    /** A {@code StudyEndReason} without its prefix, once ended. */
    @Column(name = "end_reason")
    public String endReason;

    @Column(name = "ended_at")
    public Instant endedAt;

    /** The names of the constraints its trials tell, in order; empty without constraints. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false)
    public String[] constraints = new String[0];

    /** The studies whose complete trials its sampler reads before its own, oldest first. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "from_studies", nullable = false)
    public UUID[] fromStudies = new UUID[0];
}
