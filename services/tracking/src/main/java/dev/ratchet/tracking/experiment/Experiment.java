package dev.ratchet.tracking.experiment;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** One business problem whose runs are compared with each other. */
@Entity
public class Experiment extends PanacheEntityBase {
    @Id
    public UUID id;

    @Column(nullable = false, unique = true)
    public String name;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** An archived experiment takes no new runs and is hidden from lists. */
    @Column(nullable = false)
    public boolean archived;

    public static Optional<Experiment> findByName(String name) {
        return find("name", name).firstResultOptional();
    }
}
