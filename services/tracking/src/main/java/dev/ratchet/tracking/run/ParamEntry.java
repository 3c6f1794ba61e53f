package dev.ratchet.tracking.run;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/**
 * A stored hyperparameter: its text (what MLflow shows), its type, and its number — the typed
 * number, or the text read as one — which numeric filters compare.
 */
@Embeddable
public record ParamEntry(
        @Column(name = "value", nullable = false) String text,
        @Column(name = "value_type", nullable = false) String type,
        @Column(name = "number") Double number) {}
