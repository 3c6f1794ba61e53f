package dev.ratchet.tracking.run;

import dev.ratchet.tracking.experiment.Experiment;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.MapKeyColumn;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.BatchSize;

/** A training run. */
@Entity
public class Run extends PanacheEntityBase {
    @Id
    public UUID id;

    /** Null while the run is QUEUED. */
    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "experiment_id")
    public Experiment experiment;

    /** Since when events have named this run without anything announcing it; null once it is announced. */
    @Column(name = "held_since")
    public Instant heldSince;

    @Column(nullable = false)
    public String name = "";

    @Column(name = "study_id")
    public UUID studyId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public RunStatus status;

    @Column(name = "start_time")
    public Instant startTime;

    @Column(name = "end_time")
    public Instant endTime;

    @Column(name = "end_message", nullable = false)
    public String endMessage = "";

    @Column(name = "user_name", nullable = false)
    public String user = "";

    @Column(nullable = false)
    public String notes = "";

    /** simple, popular or creative; null when not stated. */
    @Enumerated(EnumType.STRING)
    public Approach approach;

    @Column(name = "parent_run_id")
    public UUID parentRunId;

    @Column(name = "idea_id")
    public UUID ideaId;

    @Column(name = "git_commit")
    public String gitCommit;

    @Column(name = "git_branch")
    public String gitBranch;

    @Column(name = "git_remote")
    public String gitRemote;

    @Column(name = "git_dirty")
    public Boolean gitDirty;

    public Long seed;

    /** The run this one re-runs; its metrics are compared with that run's. */
    @Column(name = "reproduces_run_id")
    public UUID reproducesRunId;

    /** Deleted through MLflow's API: kept, and hidden from searches unless asked for. */
    @Column(nullable = false)
    public boolean deleted;

    /** The relative tolerance of that comparison. */
    @Column(name = "reproduction_tolerance")
    public Double reproductionTolerance;

    public String command;

    /** The {@code Environment} message, protobuf-encoded, secrets already redacted. */
    public byte[] environment;

    @ElementCollection
    @BatchSize(size = 100)
    @CollectionTable(name = "run_param", joinColumns = @JoinColumn(name = "run_id"))
    @MapKeyColumn(name = "key")
    public Map<String, ParamEntry> params = new HashMap<>();

    @ElementCollection
    @BatchSize(size = 100)
    @CollectionTable(name = "run_tag", joinColumns = @JoinColumn(name = "run_id"))
    @MapKeyColumn(name = "key")
    @Column(name = "value", nullable = false)
    public Map<String, String> tags = new HashMap<>();
}
