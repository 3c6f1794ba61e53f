package dev.ratchet.evaluation.scoring;

import java.util.List;

/** One label's results over the whole test set: its support and per-class metrics. */
public record ClassResult(String label, long support, List<Metric> metrics) {}
