package dev.ratchet.evaluation.results;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import java.time.Instant;
import java.util.UUID;

/** One finished evaluation of one run. */
@Entity
public class Evaluation extends PanacheEntityBase {
    /** How an evaluation ended. */
    public enum Status {
        SUCCEEDED,
        FAILED
    }

    @Id
    public UUID id;

    @Column(name = "run_id", nullable = false)
    public UUID runId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    /** The {@code ClassificationSummary}, protobuf-encoded; null when the evaluation failed. */
    public byte[] summary;

    /** The {@code EvaluationReport}, protobuf-encoded; null when the evaluation failed. */
    public byte[] report;

    @Column(name = "failure_message", nullable = false)
    public String failureMessage = "";

    @Column(name = "finished_at", nullable = false)
    public Instant finishedAt;

    /** When the HTML report was stored in tracking; null while its upload is pending. */
    @Column(name = "report_stored_at")
    public Instant reportStoredAt;

    @Column(name = "report_upload_attempts", nullable = false)
    public int reportUploadAttempts;

    /** When the uploader tries again, after a failed attempt. */
    @Column(name = "report_next_upload_at")
    public Instant reportNextUploadAt;

    /** Why the last attempt failed. */
    @Column(name = "report_upload_error")
    public String reportUploadError;
}
