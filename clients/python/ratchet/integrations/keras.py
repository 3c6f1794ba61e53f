"""Keras: a callback that logs each epoch's metrics (and optionally each batch's), the fit's params, and the model.

    from ratchet.integrations.keras import RatchetCallback
    with ratchet.start_run(experiment="mnist"):
        model.fit(x, y, validation_data=(xv, yv), epochs=10, callbacks=[RatchetCallback()])

Keras reports training metrics bare ("loss", "accuracy") and validation ones with "val_": they become
the train and validation contexts of the same key. It subclasses keras.callbacks.Callback when Keras (or
TensorFlow's) is installed, as model.fit requires; otherwise it is a plain class with Keras's documented
callback methods, which is how its test drives it here (Keras is not packaged by Debian).
"""
import os
import tempfile
from typing import Optional

import ratchet
from ratchet.integrations._frameworks import base_class, numbers, split
from ratchet.run import Run


class RatchetCallback(base_class("Callback", "keras.callbacks", "tensorflow.keras.callbacks")):
    def __init__(self, run: Optional[Run] = None, log_every_n_batches: int = 0, log_model: bool = True,
                 model_path: str = "model/model.keras"):
        super().__init__()
        self._run = run
        self._every = log_every_n_batches
        self._log_model = log_model
        self._model_path = model_path
        self._batches = 0
        self._fit_params = {}
        self._fitted = None

    # Keras hands the fit's params and the model over through these; its own Callback keeps them too
    def set_params(self, params):
        self._fit_params = params or {}
        if hasattr(super(), "set_params"):
            super().set_params(params)

    def set_model(self, model):
        self._fitted = model
        if hasattr(super(), "set_model"):
            super().set_model(model)

    def run(self) -> Run:
        return self._run or ratchet._require()

    def on_train_begin(self, logs=None):
        fit = {key: value for key, value in self._fit_params.items() if isinstance(value, (bool, int, float, str))}
        optimizer = getattr(self._fitted, "optimizer", None)
        if optimizer is not None and hasattr(optimizer, "get_config"):
            fit.update({f"optimizer.{k}": v for k, v in optimizer.get_config().items()
                        if isinstance(v, (bool, int, float, str))})
        if fit:
            self.run().log_params(fit)

    def on_train_batch_end(self, batch, logs=None):
        self._batches += 1
        if self._every and self._batches % self._every == 0:
            self._log(logs, self._batches, "train", prefix="batch_")

    def on_epoch_end(self, epoch, logs=None):
        self._log(logs, epoch, "train")

    def on_train_end(self, logs=None):
        if self._log_model and self._fitted is not None and hasattr(self._fitted, "save"):
            with tempfile.TemporaryDirectory() as directory:
                path = os.path.join(directory, os.path.basename(self._model_path))
                self._fitted.save(path)
                self.run().log_artifact(path, self._model_path)

    def _log(self, logs, step, default, prefix=""):
        by_context = {}
        for key, value in numbers(logs).items():
            name, context = split(key, default)
            by_context.setdefault(context, {})[prefix + name] = value
        for context, values in by_context.items():
            self.run().log_metrics(values, step=step, context=context)
