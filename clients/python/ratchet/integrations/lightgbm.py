"""LightGBM: a training callback that logs every round's evaluation metrics, and a helper for the model.

    from ratchet.integrations import lightgbm as ratchet_lightgbm
    with ratchet.start_run(experiment="credit"):
        booster = lightgbm.train(params, train_set, valid_sets=[train_set, valid_set],
                                 valid_names=["train", "validation"], callbacks=[ratchet_lightgbm.callback()])
        ratchet_lightgbm.log_model(booster)

The callback follows LightGBM's documented interface — a callable taking a CallbackEnv (model, params,
iteration, begin_iteration, end_iteration, evaluation_result_list), with an `order` — so this module does
not import LightGBM. Each (set, metric) of evaluation_result_list becomes a series at step = iteration;
sets named train / validation (valid, valid_0, val, eval) / test become contexts. With lightgbm.cv the
mean of each metric is logged, and its standard deviation as <metric>_stdv.
"""
import os
import tempfile
from typing import Optional

import ratchet
from ratchet.integrations._boosting import metric
from ratchet.run import Run


def callback(run: Optional[Run] = None, log_params: bool = True):
    """The callback for lightgbm.train / lightgbm.cv (callbacks=[...])."""

    def _callback(env) -> None:
        target = run or ratchet._require()
        if log_params and env.iteration == env.begin_iteration and env.params:
            target.log_params(env.params)
        by_context = {}
        for result in env.evaluation_result_list or []:
            data_name, metric_name, value = result[0], result[1], result[2]
            key, context = metric(data_name, metric_name)
            values = by_context.setdefault(context, {})
            values[key] = float(value)
            if len(result) == 5:  # lightgbm.cv: (set, metric, mean, higher is better, standard deviation)
                values[key + "_stdv"] = float(result[4])
        for context, values in by_context.items():
            target.log_metrics(values, step=env.iteration, context=context)

    _callback.order = 30  # after LightGBM's own log_evaluation (10) and record_evaluation (20)
    return _callback


def log_model(booster, run: Optional[Run] = None, model_path: str = "model/model.txt"):
    """Stores the booster in LightGBM's text format (Booster.save_model) as an artifact of the run."""
    target = run or ratchet._require()
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "model.txt")
        booster.save_model(path)
        return target.log_artifact(path, model_path)
