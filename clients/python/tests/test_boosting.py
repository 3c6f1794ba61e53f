"""The XGBoost callback training for real (Debian's python3-xgboost) against the running suite, and the
LightGBM callback against LightGBM's documented callback interface (LightGBM is not packaged by Debian:
its CallbackEnv is built here exactly as lightgbm.train builds it)."""
import collections
import json
import os
import time
import unittest

import ratchet
from ratchet._tracking import Tracking
from ratchet.events.v1 import metrics_pb2
from ratchet.integrations import _boosting
from ratchet.integrations import lightgbm as ratchet_lightgbm
from ratchet.tracking.v1 import tracking_service_pb2 as pb
from recorder import Recorder

try:
    import numpy as np
    import xgboost
    from sklearn.datasets import load_breast_cancer
    from sklearn.model_selection import train_test_split
except ImportError:
    xgboost = None

TARGET = os.environ.get("RATCHET_TRACKING_TARGET", "127.0.0.1:9101")


# lightgbm.callback.CallbackEnv, as LightGBM 3.x and 4.x define it
CallbackEnv = collections.namedtuple("CallbackEnv", ["model", "params", "iteration", "begin_iteration",
                                                     "end_iteration", "evaluation_result_list"])


class LightgbmTest(unittest.TestCase):
    def test_each_round_s_results_become_points_in_their_contexts_and_the_params_are_logged_once(self):
        run = Recorder()
        callback = ratchet_lightgbm.callback(run=run)
        self.assertEqual(30, callback.order)
        params = {"objective": "binary", "learning_rate": 0.1, "num_leaves": 31, "metric": ["auc", "binary_logloss"]}
        for i in range(3):
            callback(CallbackEnv(None, params, i, 0, 3, [("train", "auc", 0.9 + i / 100, True),
                                                         ("valid_0", "auc", 0.8 + i / 100, True),
                                                         ("holdout", "binary_logloss", 0.5 - i / 10, False)]))
        self.assertEqual({"objective": "binary", "learning_rate": 0.1, "num_leaves": 31,
                          "metric": ["auc", "binary_logloss"]}, run.params)
        self.assertIn(("auc", "train", 2, 0.92), run.points)
        self.assertIn(("auc", "validation", 1, 0.81), run.points)
        self.assertIn(("holdout/binary_logloss", None, 0, 0.5), run.points)
        self.assertEqual(9, len(run.points))

    def test_cv_results_log_the_mean_and_the_standard_deviation(self):
        run = Recorder()
        ratchet_lightgbm.callback(run=run, log_params=False)(
            CallbackEnv(None, {}, 4, 0, 10, [("valid", "l2", 0.25, False, 0.03)]))
        self.assertEqual([("l2", "validation", 4, 0.25), ("l2_stdv", "validation", 4, 0.03)], run.points)
        self.assertEqual({}, run.params)

    def test_the_model_is_stored_in_lightgbm_s_text_format(self):
        class Booster:
            def save_model(self, path):
                with open(path, "w") as f:
                    f.write("tree\nversion=v4\n")

        run = Recorder()
        ratchet_lightgbm.log_model(Booster(), run=run)
        self.assertEqual([("model/model.txt", "tree\nversion=v4\n")], run.artifacts)


class SetNamesTest(unittest.TestCase):
    def test_set_names_become_contexts_or_stay_in_the_key(self):
        self.assertEqual(("auc", "validation"), _boosting.metric("validation", "auc"))
        self.assertEqual(("auc", "validation"), _boosting.metric("valid_1", "auc"))
        self.assertEqual(("logloss", "train"), _boosting.metric("train", "logloss"))
        self.assertEqual(("rmse", "test"), _boosting.metric("test", "rmse"))
        self.assertEqual(("holdout/rmse", None), _boosting.metric("holdout", "rmse"))


@unittest.skipIf(xgboost is None, "XGBoost is not installed (Debian: python3-xgboost)")
class XgboostTest(unittest.TestCase):
    def test_training_logs_every_round_of_every_set_and_the_model_predicts_as_the_trained_one(self):
        from ratchet.integrations.xgboost import RatchetCallback

        os.environ.pop("RATCHET_RUN_ID", None)
        x, y = load_breast_cancer(return_X_y=True)
        x_train, x_val, y_train, y_val = train_test_split(x, y, test_size=0.3, random_state=0)
        train, valid = xgboost.DMatrix(x_train, label=y_train), xgboost.DMatrix(x_val, label=y_val)
        params = {"objective": "binary:logistic", "eta": 0.3, "max_depth": 3, "eval_metric": ["logloss", "auc"]}
        recorded = {}
        with ratchet.start_run(experiment=f"python-xgboost-{time.time_ns()}", capture_context=False,
                               system_metrics=False) as run:
            booster = xgboost.train(params, train, num_boost_round=12, evals=[(train, "train"), (valid, "validation")],
                                    evals_result=recorded, early_stopping_rounds=50,
                                    callbacks=[RatchetCallback(params=params)], verbose_eval=False)
        tracking = Tracking(TARGET)
        try:
            view = tracking.call("GetRun", pb.GetRunRequest(run_id=run.run_id), pb.GetRunResponse).run
            self.assertEqual(0.3, view.typed_params["eta"].double_value)
            self.assertEqual(3, view.typed_params["max_depth"].int_value)
            for set_name, context in (("train", metrics_pb2.METRIC_CONTEXT_TRAIN),
                                      ("validation", metrics_pb2.METRIC_CONTEXT_VALIDATION)):
                for metric_name in ("logloss", "auc"):
                    points = tracking.call("GetMetricHistory", pb.GetMetricHistoryRequest(
                        run_id=run.run_id, key=metric_name, context=context), pb.GetMetricHistoryResponse).points
                    self.assertEqual(list(range(12)), [p.step for p in points])
                    np.testing.assert_allclose(recorded[set_name][metric_name], [p.value for p in points], rtol=1e-12)
            self.assertEqual(float(booster.attr("best_iteration")), next(
                m.last_value for m in view.metrics if m.key == "best_iteration"))
            stored = xgboost.Booster()
            stored.load_model(bytearray(tracking.download(run.run_id, "model/model.json")))
            json.loads(tracking.download(run.run_id, "model/model.json"))  # XGBoost's JSON format
            np.testing.assert_array_equal(booster.predict(valid), stored.predict(valid))
        finally:
            tracking.close()


if __name__ == "__main__":
    unittest.main()
