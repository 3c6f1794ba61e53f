package dev.ratchet.trainer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * XGBoost trained round by round, so that each round's training and validation metrics reach
 * tracking while the job runs (the orchestrator's pruners read them) rather than at the end.
 */
final class Boosting {
    static final List<String> METRICS = List.of("logloss", "auc");

    /** One round's metrics: "train" and "validation", each metric name to value. */
    record Round(int number, Map<String, Map<String, Double>> metrics) {}

    private Boosting() {}

    static Booster train(
            DMatrix train, DMatrix validation, Map<String, Object> params, int rounds, Consumer<Round> afterEachRound)
            throws XGBoostError {
        Booster booster = XGBoost.train(train, params, 0, Map.of(), null, null);
        for (String metric : METRICS) {
            booster.setParam("eval_metric", metric); // each call adds one metric
        }
        DMatrix[] sets = {train, validation};
        String[] names = {"train", "validation"};
        for (int round = 0; round < rounds; round++) {
            booster.update(train, round);
            afterEachRound.accept(new Round(round + 1, parse(booster.evalSet(sets, names, round))));
        }
        return booster;
    }

    /** "[3]\ttrain-logloss:0.52\ttrain-auc:0.81\tvalidation-logloss:…" → {train: {logloss: 0.52, …}, …}. */
    static Map<String, Map<String, Double>> parse(String evaluation) {
        Map<String, Map<String, Double>> metrics = new LinkedHashMap<>();
        String[] fields = evaluation.trim().split("\t");
        for (int i = 1; i < fields.length; i++) {
            int dash = fields[i].indexOf('-');
            int colon = fields[i].lastIndexOf(':');
            metrics.computeIfAbsent(fields[i].substring(0, dash), k -> new LinkedHashMap<>())
                    .put(fields[i].substring(dash + 1, colon), Double.parseDouble(fields[i].substring(colon + 1)));
        }
        return metrics;
    }
}
