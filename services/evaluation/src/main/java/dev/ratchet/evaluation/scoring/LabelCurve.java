package dev.ratchet.evaluation.scoring;

import java.util.List;

/**
 * One label's curve over the whole test set: {@code roc}, {@code precision_recall}, or {@code
 * calibration} (whose points are bins: mean predicted, fraction positive, lower edge, rows).
 */
public record LabelCurve(String kind, String label, List<Point> points) {
    /** A point; the threshold may be infinite (the curve's start), the count is a bin's rows. */
    public record Point(double x, double y, double threshold, long count) {}
}
