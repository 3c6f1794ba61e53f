package dev.ratchet.evaluation.engine;

import dev.ratchet.evaluation.metrics.ConfusionCounts;
import dev.ratchet.evaluation.scoring.ClassResult;
import dev.ratchet.evaluation.scoring.LabelCurve;
import dev.ratchet.evaluation.scoring.Metric;
import dev.ratchet.evaluation.v1.ClassReport;
import dev.ratchet.evaluation.v1.Curve;
import dev.ratchet.evaluation.v1.CurvePoint;
import dev.ratchet.events.v1.ConfusionMatrix;
import dev.ratchet.events.v1.ConfusionMatrixRow;

/** A classification's whole-set results as the report's messages. */
final class ClassificationReports {
    private ClassificationReports() {}

    static ConfusionMatrix confusionMatrix(ConfusionCounts counts) {
        ConfusionMatrix.Builder matrix = ConfusionMatrix.newBuilder().addAllLabels(counts.labels());
        for (long[] row : counts.counts()) {
            ConfusionMatrixRow.Builder r = ConfusionMatrixRow.newBuilder();
            for (long c : row) {
                r.addCounts(c);
            }
            matrix.addRows(r);
        }
        return matrix.build();
    }

    static ClassReport classReport(ClassResult result) {
        ClassReport.Builder report =
                ClassReport.newBuilder().setLabel(result.label()).setSupport(result.support());
        result.metrics().stream().map(Metric::toProto).forEach(report::addMetrics);
        return report.build();
    }

    /** An infinite threshold (where a curve starts) is written as the largest double. */
    static Curve curve(LabelCurve curve) {
        Curve.Builder proto = Curve.newBuilder().setKind(curve.kind()).setLabel(curve.label());
        for (LabelCurve.Point p : curve.points()) {
            proto.addPoints(CurvePoint.newBuilder()
                    .setX(p.x())
                    .setY(p.y())
                    .setThreshold(Double.isInfinite(p.threshold()) ? Double.MAX_VALUE : p.threshold())
                    .setCount(p.count()));
        }
        return proto.build();
    }
}
