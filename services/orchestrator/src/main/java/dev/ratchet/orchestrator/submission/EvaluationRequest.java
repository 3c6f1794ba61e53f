package dev.ratchet.orchestrator.submission;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An evaluation this orchestrator asked for. */
@Entity
@Table(name = "evaluation_request")
public class EvaluationRequest extends PanacheEntityBase {
    @Id
    public UUID id;

    @Column(name = "run_id", nullable = false)
    public UUID runId;

    @Column(name = "requested_at", nullable = false)
    public Instant requestedAt;
}
