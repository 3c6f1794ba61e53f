package dev.ratchet.tracking.baseline;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** A run that was an experiment's baseline from {@code promotedAt} on; the newest row is the current one. */
@Entity
public class Baseline extends PanacheEntityBase {
    /** Whether lower or higher values of the metric are better. */
    public enum Direction {
        MINIMIZE,
        MAXIMIZE
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "experiment_id", nullable = false)
    public UUID experimentId;

    @Column(name = "run_id", nullable = false)
    public UUID runId;

    @Column(nullable = false)
    public String metric;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Direction direction;

    @Column(nullable = false)
    public double value;

    @Column(name = "promoted_at", nullable = false)
    public Instant promotedAt;

    @Column(nullable = false)
    public String reason;

    public static Optional<Baseline> current(UUID experimentId) {
        return find("experimentId = ?1 order by id desc", experimentId).firstResultOptional();
    }

    public static List<Baseline> history(UUID experimentId) {
        return list("experimentId = ?1 order by id desc", experimentId);
    }
}
