package dev.ratchet.orchestrator.trigger;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A trigger as stored: a cron expression or an event of one experiment, and the study it starts. */
@Entity
@Table(name = "study_trigger")
public class TriggerEntry extends PanacheEntityBase {
    @Id
    public UUID id;

    @Column(nullable = false)
    public String name;

    /** A Unix cron expression; null for an event trigger. */
    public String cron;

    /** A {@code TriggerEvent} name without its prefix; null for a cron trigger. */
    public String event;

    @Column(name = "experiment_name")
    public String experimentName;

    /** The {@code CreateStudyRequest} each firing creates, protobuf-encoded. */
    @Column(name = "study_template", nullable = false)
    public byte[] studyTemplate;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "last_fired")
    public Instant lastFired;

    /** The scheduled time of the last cron firing that started a study (any replica's). */
    @Column(name = "last_cron_slot")
    public Instant lastCronSlot;

    @Column(name = "studies_started", nullable = false)
    public int studiesStarted;

    @Column(name = "last_study_id")
    public UUID lastStudyId;
}
