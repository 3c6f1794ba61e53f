package dev.ratchet.orchestrator.trial;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One trial of a study, as stored. */
@Entity
@DynamicUpdate
@Table(name = "study_trial")
public class TrialEntry extends PanacheEntityBase {
    /** How a trial stands. */
    public enum State {
        RUNNING,
        COMPLETE,
        FAILED,
        PRUNED,
        CANCELLED
    }

    /** (study, number). */
    @Embeddable
    public static class Key implements Serializable {
        @Column(name = "study_id")
        public UUID studyId;

        @Column(name = "number")
        public int number;

        public Key() {}

        public Key(UUID studyId, int number) {
            this.studyId = studyId;
            this.number = number;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.studyId.equals(studyId) && k.number == number;
        }

        @Override
        public int hashCode() {
            return Objects.hash(studyId, number);
        }
    }

    @EmbeddedId
    public Key key;

    /** A {@code StudyTrial} carrying only its params, protobuf-encoded. */
    @Column(nullable = false)
    public byte[] params;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public State state;

    public Double value;

    /** Its place in the order the study's trials completed (1, 2, …); null until it completes. */
    @Column(name = "completed_seq")
    public Integer completedSeq;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    /** The run executing it; null for an ask/tell trial. */
    @Column(name = "run_id")
    public UUID runId;

    /** Why it failed, was pruned or cancelled. */
    public String message;

    /** The trial it repeats, for a retry. */
    @Column(name = "retry_of")
    public Integer retryOf;

    /** Set when the pruner stopped it: the step and the value it was stopped at. */
    @Column(name = "prune_step")
    public Long pruneStep;

    @Column(name = "prune_value")
    public Double pruneValue;

    /** A complete trial's constraint values, in the study's order; empty without constraints. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false)
    public double[] constraints = new double[0];
}
