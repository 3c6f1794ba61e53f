package dev.ratchet.evaluation.errors;

import dev.ratchet.evaluation.data.Table;
import dev.ratchet.evaluation.slices.Slicer.SegmentLoss;
import dev.ratchet.evaluation.v1.ConfusionPair;
import dev.ratchet.evaluation.v1.ErrorAnalysis;
import dev.ratchet.evaluation.v1.ErrorExample;
import dev.ratchet.evaluation.v1.ErrorSegment;
import dev.ratchet.events.v1.ConfusionMatrix;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/** Where the model goes wrong: the worst rows, the confused label pairs, and where errors concentrate. */
public final class ErrorAnalyzer {
    static final int WORST = 20;
    static final int SEGMENTS = 10;

    private ErrorAnalyzer() {}

    /**
     * @param losses each row's loss (0/1, log loss, or absolute error)
     * @param truthColumn the column of the true labels or values
     * @param predictionColumn the column of the predictions
     * @param segments candidate segments with the sum of {@code losses} over each, e.g. every value
     *                 of every feature column
     */
    public static ErrorAnalysis analyze(
            Table table,
            double[] losses,
            String truthColumn,
            String predictionColumn,
            ConfusionMatrix confusion,
            List<SegmentLoss> segments,
            long minRows) {
        ErrorAnalysis.Builder analysis = ErrorAnalysis.newBuilder();
        worst(losses).forEach(r -> {
            ErrorExample.Builder example = ErrorExample.newBuilder()
                    .setRow(r + 1L)
                    .setTruth(table.column(truthColumn).asText(r))
                    .setPredicted(table.column(predictionColumn).asText(r))
                    .setLoss(losses[r]);
            table.columnNames()
                    .forEach(c -> example.putValues(c, table.column(c).asText(r)));
            analysis.addWorst(example);
        });
        if (confusion != null) {
            analysis.addAllConfusions(confusions(confusion));
        }
        double total = 0;
        for (double loss : losses) {
            total += loss;
        }
        List<ErrorSegment> candidates = new ArrayList<>();
        for (SegmentLoss segment : segments) {
            if (segment.rows() < minRows || total == 0) {
                continue;
            }
            double shareOfRows = (double) segment.rows() / losses.length;
            double shareOfErrors = segment.lossSum() / total;
            candidates.add(ErrorSegment.newBuilder()
                    .setName(segment.name())
                    .setRows(segment.rows())
                    .setShareOfRows(shareOfRows)
                    .setShareOfErrors(shareOfErrors)
                    .setLift(shareOfErrors / shareOfRows)
                    .build());
        }
        candidates.stream()
                .sorted(Comparator.comparingDouble(ErrorSegment::getLift).reversed())
                .limit(SEGMENTS)
                .forEach(analysis::addOverRepresented);
        return analysis.build();
    }

    /** The rows with the highest positive loss, worst first (ties: the earlier row). */
    private static List<Integer> worst(double[] losses) {
        PriorityQueue<Integer> heap = new PriorityQueue<>(
                Comparator.<Integer>comparingDouble(r -> losses[r]).thenComparing(Comparator.<Integer>reverseOrder()));
        for (int r = 0; r < losses.length; r++) {
            // a full heap takes a later row only with a strictly higher loss than its least
            boolean full = heap.size() == WORST;
            if (losses[r] > 0 && (!full || losses[r] > losses[heap.peek()])) {
                heap.add(r);
                if (heap.size() > WORST) {
                    heap.poll();
                }
            }
        }
        List<Integer> rows = new ArrayList<>(heap);
        rows.sort(Comparator.<Integer>comparingDouble(r -> -losses[r]).thenComparing(Comparator.naturalOrder()));
        return rows;
    }

    private static List<ConfusionPair> confusions(ConfusionMatrix matrix) {
        long errors = 0;
        List<ConfusionPair> pairs = new ArrayList<>();
        for (int t = 0; t < matrix.getLabelsCount(); t++) {
            for (int p = 0; p < matrix.getLabelsCount(); p++) {
                if (t != p && matrix.getRows(t).getCounts(p) > 0) {
                    errors += matrix.getRows(t).getCounts(p);
                    pairs.add(ConfusionPair.newBuilder()
                            .setTruth(matrix.getLabels(t))
                            .setPredicted(matrix.getLabels(p))
                            .setCount(matrix.getRows(t).getCounts(p))
                            .build());
                }
            }
        }
        long total = errors;
        return pairs.stream()
                .sorted(Comparator.comparingLong(ConfusionPair::getCount).reversed())
                .map(p -> p.toBuilder()
                        .setShareOfErrors((double) p.getCount() / total)
                        .build())
                .toList();
    }
}
