package dev.ratchet.tracking.idea;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import java.time.Instant;
import java.util.UUID;

/** A hypothesis with a time box; the runs that test it link to it. */
@Entity
public class Idea extends PanacheEntityBase {
    /** Where an idea stands. */
    public enum Status {
        OPEN,
        SUCCEEDED,
        FAILED
    }

    @Id
    public UUID id;

    @Column(name = "experiment_id", nullable = false)
    public UUID experimentId;

    @Column(nullable = false)
    public String title;

    @Column(nullable = false)
    public String hypothesis;

    @Column(nullable = false)
    public String owner;

    @Column(name = "time_box_days", nullable = false)
    public int timeBoxDays;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(nullable = false)
    public Instant deadline;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(name = "closed_at")
    public Instant closedAt;
}
