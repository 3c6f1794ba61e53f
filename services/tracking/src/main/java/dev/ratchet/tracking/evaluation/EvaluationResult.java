package dev.ratchet.tracking.evaluation;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An evaluation of a run as tracking knows it: requested, then finished with its summary. */
@Entity
@Table(name = "evaluation_result")
public class EvaluationResult extends PanacheEntityBase {
    @Id
    public UUID id;

    @Column(name = "run_id", nullable = false)
    public UUID runId;

    /** The {@code EvaluationStatus} number; 0 while pending. */
    @Column(nullable = false)
    public short status;

    /** The {@code ClassificationSummary}, protobuf-encoded. */
    public byte[] summary;

    /** The gate's {@code Verdict}, protobuf-encoded; null without a gate. */
    public byte[] verdict;

    @Column(name = "failure_message", nullable = false)
    public String failureMessage = "";

    @Column(name = "requested_at", nullable = false)
    public Instant requestedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    /** The evaluations of several runs in one query, each run's in request order. */
    public static List<EvaluationResult> forRuns(java.util.Collection<UUID> runIds) {
        return list("runId in ?1 order by requestedAt, id", runIds);
    }
}
