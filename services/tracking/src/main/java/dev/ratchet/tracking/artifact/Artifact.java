package dev.ratchet.tracking.artifact;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/** A file of a run: a path pointing at content-addressed bytes. */
@Entity
@IdClass(Artifact.Key.class)
public class Artifact extends PanacheEntityBase {
    /** A run's path. */
    public record Key(UUID runId, String path) implements Serializable {
        public Key() {
            this(null, null);
        }
    }

    @Id
    @Column(name = "run_id")
    public UUID runId;

    @Id
    public String path;

    @Column(nullable = false)
    public String digest;

    @Column(name = "size_bytes", nullable = false)
    public long sizeBytes;

    @Column(name = "content_type", nullable = false)
    public String contentType;

    @Column(nullable = false)
    public boolean image;

    /** What it shows; empty when none was given. */
    @Column(nullable = false)
    public String caption = "";

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
