package dev.ratchet.orchestrator.submission;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** A training run this orchestrator started. */
@Entity
@Table(name = "submitted_run")
public class SubmittedRun extends PanacheEntityBase {
    @Id
    public UUID id;

    @Column(name = "experiment_name", nullable = false)
    public String experimentName;

    @Column(name = "run_name", nullable = false)
    public String runName;

    @Column(name = "study_id")
    public UUID studyId;

    @Column(name = "submitted_at", nullable = false)
    public Instant submittedAt;

    @ElementCollection
    @CollectionTable(name = "submitted_run_param", joinColumns = @JoinColumn(name = "run_id"))
    @MapKeyColumn(name = "key")
    @Column(name = "value", nullable = false)
    public Map<String, String> params = new HashMap<>();
}
