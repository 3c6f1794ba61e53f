package dev.ratchet.evaluation.behavior;

import dev.ratchet.evaluation.data.Table;
import dev.ratchet.evaluation.data.TableException;
import dev.ratchet.evaluation.v1.BehavioralFailure;
import dev.ratchet.evaluation.v1.BehavioralResult;
import dev.ratchet.events.v1.BehavioralSuite;
import dev.ratchet.events.v1.BehavioralTest;
import dev.ratchet.events.v1.DirectionalExpectation;
import dev.ratchet.events.v1.Perturbation;
import dev.ratchet.events.v1.TestRow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Behavioral tests of a model on the test set (CheckList, Ribeiro et al. 2020, for tabular data):
 * minimum functionality on crafted rows, invariance under perturbations, and directional
 * expectations. Each reports its failure rate and failing examples.
 */
public final class BehavioralTests {
    static final double DEFAULT_TOLERANCE = 0.05;
    static final int MAX_EXAMPLES = 20;

    private BehavioralTests() {}

    public static List<BehavioralResult> run(Table table, BehavioralSuite suite) {
        try (OnnxScorer model = new OnnxScorer(suite.getModelUri())) {
            OnnxScorer.Rows original = new TableRows(table, Map.of());
            double[] base = null;
            List<BehavioralResult> results = new ArrayList<>();
            for (BehavioralTest test : suite.getTestsList()) {
                switch (test.getKindCase()) {
                    case MINIMUM_FUNCTIONALITY -> results.add(minimumFunctionality(model, test));
                    case INVARIANCE, DIRECTIONAL -> {
                        if (base == null) {
                            base = model.probabilities(original);
                        }
                        results.add(perturbed(model, table, base, test));
                    }
                    default -> throw new TableException("behavioral test '" + test.getName() + "' has no kind");
                }
            }
            return results;
        }
    }

    private static BehavioralResult minimumFunctionality(OnnxScorer model, BehavioralTest test) {
        List<TestRow> rows = test.getMinimumFunctionality().getRowsList();
        String expected = test.getMinimumFunctionality().getExpectedLabel();
        double[] p = model.probabilities(new OnnxScorer.Rows() {
            @Override
            public int count() {
                return rows.size();
            }

            @Override
            public String value(int row, String column) {
                String value = rows.get(row).getValuesMap().get(column);
                if (value == null) {
                    throw new TableException("behavioral test '" + test.getName() + "' row " + (row + 1)
                            + " has no value for column '" + column + "', which the model reads");
                }
                return value;
            }
        });
        BehavioralResult.Builder result = BehavioralResult.newBuilder()
                .setName(test.getName())
                .setKind("minimum_functionality")
                .setTested(rows.size());
        int failed = 0;
        for (int i = 0; i < p.length; i++) {
            String predicted = p[i] >= 0.5 ? model.positiveLabel() : model.negativeLabel();
            if (!predicted.equals(expected)) {
                failed++;
                if (result.getFailuresCount() < MAX_EXAMPLES) {
                    result.addFailures(BehavioralFailure.newBuilder()
                            .setRow(i + 1)
                            .setProbability(p[i])
                            .setDetail("expected " + expected + ", predicted " + predicted));
                }
            }
        }
        return result.setFailed(failed)
                .setFailureRate(rows.isEmpty() ? 0 : (double) failed / rows.size())
                .build();
    }

    private static BehavioralResult perturbed(OnnxScorer model, Table table, double[] base, BehavioralTest test) {
        boolean invariance = test.hasInvariance();
        List<Perturbation> perturbations = invariance
                ? test.getInvariance().getPerturbationsList()
                : test.getDirectional().getPerturbationsList();
        Map<String, Perturbation> byColumn = new HashMap<>();
        for (Perturbation p : perturbations) {
            table.column(p.getColumn()); // fails with the column list when it does not exist
            byColumn.put(p.getColumn(), p);
        }
        double[] after = model.probabilities(new TableRows(table, byColumn));
        double tolerance = invariance
                ? (test.getInvariance().getTolerance() > 0
                        ? test.getInvariance().getTolerance()
                        : DEFAULT_TOLERANCE)
                : test.getDirectional().getTolerance();
        DirectionalExpectation.Direction direction = test.getDirectional().getDirection();
        if (!invariance && direction == DirectionalExpectation.Direction.DIRECTION_UNSPECIFIED) {
            throw new TableException("behavioral test '" + test.getName() + "' needs a direction");
        }
        BehavioralResult.Builder result = BehavioralResult.newBuilder()
                .setName(test.getName())
                .setKind(invariance ? "invariance" : "directional")
                .setTested(base.length);
        int failed = 0;
        double maxChange = 0;
        for (int i = 0; i < base.length; i++) {
            double change = after[i] - base[i];
            maxChange = Math.max(maxChange, Math.abs(change));
            boolean fails = invariance
                    ? Math.abs(change) > tolerance
                    : direction == DirectionalExpectation.Direction.DIRECTION_NOT_DECREASING
                            ? change < -tolerance
                            : change > tolerance;
            if (fails) {
                failed++;
                if (result.getFailuresCount() < MAX_EXAMPLES) {
                    result.addFailures(BehavioralFailure.newBuilder()
                            .setRow(i + 1)
                            .setProbability(base[i])
                            .setPerturbedProbability(after[i])
                            .setDetail(String.format(
                                    Locale.ROOT,
                                    "probability of %s moved by %+.4f (%s)",
                                    model.positiveLabel(),
                                    change,
                                    invariance
                                            ? "at most ±" + tolerance + " allowed"
                                            : direction
                                                            .name()
                                                            .substring("DIRECTION_".length())
                                                            .toLowerCase(Locale.ROOT)
                                                            .replace('_', ' ')
                                                    + " expected")));
                }
            }
        }
        return result.setFailed(failed)
                .setFailureRate(base.length == 0 ? 0 : (double) failed / base.length)
                .setMaxChange(maxChange)
                .build();
    }

    /** The test set's rows, with perturbations applied to some columns. */
    private record TableRows(Table table, Map<String, Perturbation> perturbations) implements OnnxScorer.Rows {
        @Override
        public int count() {
            return table.rows();
        }

        @Override
        public String value(int row, String column) {
            String value = table.column(column).asText(row);
            Perturbation p = perturbations.get(column);
            return p == null ? value : apply(p, value);
        }

        private static String apply(Perturbation p, String value) {
            return switch (p.getChangeCase()) {
                case SET_VALUE -> p.getSetValue();
                case SWAP -> {
                    Map<String, String> pairs = p.getSwap().getPairsMap();
                    if (pairs.containsKey(value)) {
                        yield pairs.get(value);
                    }
                    yield pairs.entrySet().stream()
                            .filter(e -> e.getValue().equals(value))
                            .map(Map.Entry::getKey)
                            .findFirst()
                            .orElse(value);
                }
                case MULTIPLY -> Double.toString(Double.parseDouble(value) * p.getMultiply());
                case ADD -> Double.toString(Double.parseDouble(value) + p.getAdd());
                case CHANGE_NOT_SET -> value;
            };
        }
    }
}
