package dev.ratchet.orchestrator.execution;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.DynamicUpdate;

/** A training run this orchestrator started: announced only, or executed by its local executor. */
@Entity
@DynamicUpdate
@Table(name = "submitted_run")
public class SubmittedRun extends PanacheEntityBase {
    /** Where the run is; ANNOUNCED runs have no job here (they run elsewhere). */
    public enum State {
        ANNOUNCED,
        QUEUED,
        RUNNING,
        ENDED
    }

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

    /** The {@code JobTemplate}, protobuf-encoded; null for an announced run. */
    public byte[] job;

    /** LOCAL or KUBERNETES, for a run with a job. */
    public String executor;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public State state = State.ANNOUNCED;

    public Long pid;

    @Column(name = "process_start")
    public Instant processStart;

    /** Why it was stopped from outside (pruned, cancelled, time box, lost in a restart); null otherwise. */
    @Column(name = "stop_reason")
    public String stopReason;

    @Column(name = "exit_code")
    public Integer exitCode;

    /** A {@code RunOutcome} name, once ended. */
    public String outcome;

    @Column(name = "ended_at")
    public Instant endedAt;

    @Column(name = "end_message")
    public String endMessage;
}
