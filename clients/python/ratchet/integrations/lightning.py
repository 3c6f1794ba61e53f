"""PyTorch Lightning: a logger that sends what LightningModule.log / log_dict / save_hyperparameters record.

    from ratchet.integrations.lightning import RatchetLogger
    with ratchet.start_run(experiment="mnist"):
        lightning.Trainer(max_epochs=5, logger=RatchetLogger()).fit(model, datamodule)

Keys such as "train_loss", "val_loss", "val/acc" or "loss/val" become the key and its context; others
keep their name with no context; the best checkpoint ModelCheckpoint saves is stored under model/. It
subclasses Lightning's Logger (lightning.pytorch or pytorch_lightning) when one is installed, as Trainer
requires; otherwise it is a plain class with that interface (name, version, experiment, log_hyperparams,
log_metrics, after_save_checkpoint, finalize), which is how its test drives it here (Lightning is not
packaged by Debian).
"""
import os
from typing import Any, Dict, Mapping, Optional

import ratchet
from ratchet.integrations._frameworks import base_class, numbers, split
from ratchet.run import Run


def _flatten(params: Mapping[str, Any], prefix: str = "") -> Dict[str, Any]:
    flat: Dict[str, Any] = {}
    for key, value in params.items():
        if isinstance(value, Mapping):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[prefix + str(key)] = value
    return flat


class RatchetLogger(base_class("Logger", "lightning.pytorch.loggers", "pytorch_lightning.loggers")):
    def __init__(self, run: Optional[Run] = None):
        super().__init__()
        self._run = run

    @property
    def name(self) -> str:
        return "ratchet"

    @property
    def version(self) -> str:
        return self.experiment.run_id

    @property
    def experiment(self) -> Run:
        return self._run or ratchet._require()

    def log_hyperparams(self, params, *args, **kwargs) -> None:
        if hasattr(params, "__dict__") and not isinstance(params, Mapping):  # an argparse.Namespace
            params = vars(params)
        flat = _flatten(params or {})
        if flat:
            self.experiment.log_params(flat)

    def log_metrics(self, metrics: Mapping[str, float], step: Optional[int] = None) -> None:
        by_context: Dict[Optional[str], Dict[str, float]] = {}
        for key, value in numbers(metrics).items():
            name, context = split(key)  # "train_loss_epoch": loss_epoch in train
            by_context.setdefault(context, {})[name] = value
        for context, values in by_context.items():
            self.experiment.log_metrics(values, step=step or 0, context=context)

    def after_save_checkpoint(self, checkpoint_callback) -> None:
        """Lightning calls this after a ModelCheckpoint saved: the best checkpoint so far goes to model/."""
        path = (getattr(checkpoint_callback, "best_model_path", "")
                or getattr(checkpoint_callback, "last_model_path", ""))
        if path and os.path.isfile(path):
            self.experiment.log_artifact(path, "model/" + os.path.basename(path))

    def save(self) -> None:
        self.experiment.flush()

    def finalize(self, status: str) -> None:
        self.experiment.flush()
