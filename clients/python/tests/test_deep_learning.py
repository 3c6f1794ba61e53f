"""The Keras, Hugging Face and Lightning integrations, driven through each framework's documented callback or
logger interface as the framework drives it. None of the three is packaged by Debian, so each is absent here
and the integration is its plain class; the calls and their arguments are the ones the frameworks make."""
import os
import tempfile
import types
import unittest

from ratchet.integrations import huggingface, keras, lightning
from ratchet.integrations._frameworks import numbers, split
from recorder import Recorder


class Scalar:
    """A framework's 0-d tensor: float() through item()."""

    def __init__(self, value):
        self.value = value

    def item(self):
        return self.value


class KerasTest(unittest.TestCase):
    def test_a_fit_s_params_epochs_batches_and_model_are_logged(self):
        run = Recorder()
        callback = keras.RatchetCallback(run=run, log_every_n_batches=2)

        class Model:
            optimizer = types.SimpleNamespace(get_config=lambda: {"name": "adam", "learning_rate": 0.001,
                                                                  "beta_1": 0.9, "clipnorm": None})

            def save(self, path):
                with open(path, "w") as f:
                    f.write("keras v3 archive")

        # what model.fit does: set_model, set_params, on_train_begin, per batch and epoch, on_train_end
        callback.set_model(Model())
        callback.set_params({"epochs": 2, "steps": 3, "verbose": 1})
        callback.on_train_begin()
        for epoch in range(2):
            for batch in range(3):
                callback.on_train_batch_end(batch, {"loss": 1.0 - batch / 10, "accuracy": 0.5})
            callback.on_epoch_end(epoch, {"loss": 0.5 - epoch / 10, "accuracy": 0.8, "val_loss": 0.6 - epoch / 10,
                                          "val_accuracy": 0.75})
        callback.on_train_end()

        self.assertEqual({"epochs": 2, "steps": 3, "verbose": 1, "optimizer.name": "adam",
                          "optimizer.learning_rate": 0.001, "optimizer.beta_1": 0.9}, run.params)
        self.assertIn(("loss", "train", 1, 0.4), run.points)
        self.assertIn(("loss", "validation", 1, 0.5), run.points)
        self.assertIn(("accuracy", "validation", 0, 0.75), run.points)
        batch_steps = [step for key, _, step, _ in run.points if key == "batch_loss"]
        self.assertEqual([2, 4, 6], batch_steps, "every second batch, numbered across epochs")
        self.assertEqual([("model/model.keras", "keras v3 archive")], run.artifacts)


class HuggingFaceTest(unittest.TestCase):
    def test_the_training_arguments_and_each_log_become_params_and_points_at_the_global_step(self):
        run = Recorder()
        callback = huggingface.RatchetCallback(run=run)
        args = types.SimpleNamespace(to_dict=lambda: {"learning_rate": 5e-5, "num_train_epochs": 3,
                                                      "per_device_train_batch_size": 16, "lr_scheduler_type": "linear",
                                                      "output_dir": "/tmp/out", "push_to_hub": False, "seed": 42})
        model = types.SimpleNamespace(config=types.SimpleNamespace(model_type="bert"))
        callback.on_train_begin(args, types.SimpleNamespace(global_step=0), None, model=model)
        callback.on_log(args, types.SimpleNamespace(global_step=500), None,
                        logs={"loss": 0.41, "learning_rate": 3.3e-5, "grad_norm": Scalar(2.5), "epoch": 1.0})
        callback.on_log(args, types.SimpleNamespace(global_step=500), None,
                        logs={"eval_loss": 0.38, "eval_accuracy": 0.91, "eval_runtime": 4.2, "epoch": 1.0})
        self.assertEqual({"learning_rate": 5e-5, "num_train_epochs": 3, "per_device_train_batch_size": 16,
                          "lr_scheduler_type": "linear", "seed": 42, "model_type": "bert"}, run.params)
        self.assertIn(("loss", "train", 500, 0.41), run.points)
        self.assertIn(("grad_norm", "train", 500, 2.5), run.points)
        self.assertIn(("loss", "validation", 500, 0.38), run.points)
        self.assertIn(("accuracy", "validation", 500, 0.91), run.points)
        self.assertIn(("epoch", None, 500, 1.0), run.points)

        class Model:
            def save_pretrained(self, directory):
                for name, text in (("config.json", '{"model_type": "bert"}'), ("model.safetensors", "weights")):
                    with open(os.path.join(directory, name), "w") as f:
                        f.write(text)

        callback.on_train_end(args, types.SimpleNamespace(global_step=1500), None, model=Model())
        self.assertEqual([("model/config.json", '{"model_type": "bert"}'), ("model/model.safetensors", "weights")],
                         run.artifacts)


class LightningTest(unittest.TestCase):
    def test_hyperparameters_are_flattened_and_metrics_split_into_contexts(self):
        run = Recorder()
        logger = lightning.RatchetLogger(run=run)
        self.assertEqual(("ratchet", "run-1"), (logger.name, logger.version))
        logger.log_hyperparams({"lr": 0.01, "optimizer": {"name": "sgd", "momentum": 0.9}, "layers": [64, 32]})
        logger.log_metrics({"train_loss_step": Scalar(0.9), "epoch": 0.0}, step=49)
        logger.log_metrics({"val_loss": 0.7, "val/acc": 0.8, "loss/train": 0.75}, step=99)
        with tempfile.TemporaryDirectory() as directory:
            best = os.path.join(directory, "epoch=3-step=400.ckpt")
            with open(best, "w") as f:
                f.write("state dict")
            logger.after_save_checkpoint(types.SimpleNamespace(best_model_path=best, last_model_path=""))
        logger.finalize("success")
        self.assertEqual([("model/epoch=3-step=400.ckpt", "state dict")], run.artifacts)
        self.assertEqual({"lr": 0.01, "optimizer.name": "sgd", "optimizer.momentum": 0.9, "layers": [64, 32]},
                         run.params)
        self.assertCountEqual([("loss_step", "train", 49, 0.9), ("epoch", None, 49, 0.0),
                               ("loss", "validation", 99, 0.7), ("acc", "validation", 99, 0.8),
                               ("loss", "train", 99, 0.75)], run.points)
        self.assertEqual(1, run.flushes)


class SharedTest(unittest.TestCase):
    def test_keys_split_into_metric_and_context_and_only_numbers_are_kept(self):
        self.assertEqual(("loss", "validation"), split("val_loss"))
        self.assertEqual(("acc", "validation"), split("eval_acc"))
        self.assertEqual(("acc", "train"), split("acc/train"))
        self.assertEqual(("acc", "validation"), split("val/acc"))
        self.assertEqual(("loss", "train"), split("loss", "train"))
        self.assertEqual(("val_", None), split("val_"))
        self.assertEqual({"a": 1.0, "t": 2.0}, numbers({"a": 1, "t": Scalar(2.0), "s": "x", "b": True, "n": None}))


if __name__ == "__main__":
    unittest.main()
