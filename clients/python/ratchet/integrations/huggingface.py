"""Hugging Face transformers: a Trainer callback that logs the training arguments and every log and evaluation.

    from ratchet.integrations.huggingface import RatchetCallback
    with ratchet.start_run(experiment="sst2"):
        Trainer(model, args, train_dataset=train, eval_dataset=valid, callbacks=[RatchetCallback()]).train()

Trainer logs "loss", "learning_rate", "grad_norm", "epoch" while training and "eval_<metric>" when it
evaluates: each becomes a point at step = state.global_step, training ones in the train context,
"eval_" ones in validation, "test_" ones in test; "epoch" becomes the series "epoch"; at the end the
model's save_pretrained files are stored under model/. It subclasses
transformers.TrainerCallback when transformers is installed; otherwise it is a plain class with the
documented callback methods (on_train_begin, on_log — Trainer.evaluate reports through on_log too),
which is how its test drives it here (transformers is not packaged by Debian).
"""
import os
import tempfile
from typing import Optional

import ratchet
from ratchet.integrations._frameworks import base_class, numbers, split
from ratchet.run import Run

# TrainingArguments worth keeping as params (its to_dict() has ~100 entries, most of them plumbing)
_ARGS = ("learning_rate", "per_device_train_batch_size", "per_device_eval_batch_size", "gradient_accumulation_steps",
         "num_train_epochs", "max_steps", "weight_decay", "warmup_steps", "warmup_ratio", "lr_scheduler_type",
         "optim", "seed", "fp16", "bf16", "adam_beta1", "adam_beta2", "adam_epsilon", "max_grad_norm",
         "label_smoothing_factor")


class RatchetCallback(base_class("TrainerCallback", "transformers")):
    def __init__(self, run: Optional[Run] = None):
        super().__init__()
        self._run = run

    def run(self) -> Run:
        return self._run or ratchet._require()

    def on_train_begin(self, args, state, control, model=None, **kwargs):
        given = args.to_dict() if hasattr(args, "to_dict") else vars(args)
        params = {key: given[key] for key in _ARGS if key in given and given[key] is not None}
        if model is not None and hasattr(model, "config") and hasattr(model.config, "model_type"):
            params["model_type"] = model.config.model_type
        if params:
            self.run().log_params(params)

    def on_train_end(self, args, state, control, model=None, **kwargs):
        """The trained model (save_pretrained: config and weights) as artifacts under model/."""
        if model is None or not hasattr(model, "save_pretrained"):
            return
        with tempfile.TemporaryDirectory() as directory:
            model.save_pretrained(directory)
            for name in sorted(os.listdir(directory)):
                self.run().log_artifact(os.path.join(directory, name), f"model/{name}")

    def on_log(self, args, state, control, logs=None, **kwargs):
        by_context = {}
        for key, value in numbers(logs).items():
            name, context = split(key, "train")
            if key == "epoch":
                name, context = "epoch", None
            by_context.setdefault(context, {})[name] = value
        for context, values in by_context.items():
            self.run().log_metrics(values, step=state.global_step, context=context)
