"""XGBoost: a training callback that logs every round's evaluation metrics, and the trained model.

    from ratchet.integrations.xgboost import RatchetCallback
    with ratchet.start_run(experiment="credit"):
        xgboost.train(params, dtrain, num_boost_round=100, evals=[(dtrain, "train"), (dvalid, "validation")],
                      callbacks=[RatchetCallback(params=params)])

Each (set, metric) of `evals` becomes a series at step = round; sets named train / validation (valid,
val, eval) / test become contexts. After training the model is stored as model/model.json (XGBoost's
own format) and, with early stopping, best_iteration and best_score are logged.
"""
import os
import tempfile
from typing import Any, Mapping, Optional

import xgboost

import ratchet
from ratchet.integrations._boosting import metric
from ratchet.run import Run


class RatchetCallback(xgboost.callback.TrainingCallback):
    def __init__(self, run: Optional[Run] = None, params: Optional[Mapping[str, Any]] = None, log_model: bool = True,
                 model_path: str = "model/model.json"):
        super().__init__()
        self._run = run
        self._params = params
        self._log_model = log_model
        self._model_path = model_path

    def run(self) -> Run:
        return self._run or ratchet._require()

    def before_training(self, model):
        if self._params:
            self.run().log_params(self._params)
        return model

    def after_iteration(self, model, epoch: int, evals_log) -> bool:
        by_context = {}
        for data_name, metrics in evals_log.items():
            for metric_name, values in metrics.items():
                key, context = metric(data_name, metric_name)
                latest = values[-1]
                by_context.setdefault(context, {})[key] = float(latest[0] if isinstance(latest, tuple) else latest)
        for context, values in by_context.items():
            self.run().log_metrics(values, step=epoch, context=context)
        return False  # never stops training

    def after_training(self, model):
        run = self.run()
        best = {}
        for attribute in ("best_iteration", "best_score"):
            value = model.attr(attribute)
            if value is not None:
                best[attribute] = float(value)
        if best:
            run.log_metrics(best, step=0, context="validation")
        if self._log_model:
            with tempfile.TemporaryDirectory() as directory:
                path = os.path.join(directory, "model.json")
                model.save_model(path)
                run.log_artifact(path, self._model_path)
        return model
