"""The scikit-learn integration, training for real (Debian's python3-sklearn) against the running suite."""
import os
import pickle
import time
import unittest

import ratchet
from ratchet._tracking import Tracking
from ratchet import datasets
from ratchet.integrations import sklearn as ratchet_sklearn
from ratchet.events.v1 import metrics_pb2
from ratchet.tracking.v1 import tracking_service_pb2 as pb

try:
    import numpy as np
    from sklearn.datasets import load_breast_cancer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import accuracy_score, roc_auc_score
    from sklearn.model_selection import GridSearchCV, train_test_split
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
except ImportError:  # the integration's own test needs the framework; the client's others do not
    StandardScaler = None

TARGET = os.environ.get("RATCHET_TRACKING_TARGET", "127.0.0.1:9101")
VALIDATION = metrics_pb2.METRIC_CONTEXT_VALIDATION


@unittest.skipIf(StandardScaler is None, "scikit-learn is not installed (Debian: python3-sklearn)")
class SklearnTest(unittest.TestCase):
    def setUp(self):
        os.environ.pop("RATCHET_RUN_ID", None)
        self.tracking = Tracking(TARGET)
        self.experiment = f"python-sklearn-{time.time_ns()}"
        x, y = load_breast_cancer(return_X_y=True)  # shipped with scikit-learn: no download
        self.x_train, self.x_val, self.y_train, self.y_val = train_test_split(x, y, test_size=0.3, random_state=0)

    def tearDown(self):
        self.tracking.close()

    def get(self, run_id):
        return self.tracking.call("GetRun", pb.GetRunRequest(run_id=run_id), pb.GetRunResponse).run

    def metric(self, view, key, context):
        return next(m.last_value for m in view.metrics if m.key == key and m.context == context)

    def test_a_fit_logs_its_params_scores_data_and_a_model_that_predicts_as_the_fitted_one(self):
        model = make_pipeline(StandardScaler(), LogisticRegression(C=0.3, max_iter=500))
        with ratchet.start_run(experiment=self.experiment, capture_context=False, system_metrics=False) as run:
            ratchet_sklearn.log_fit(model, self.x_train, self.y_train, validation=(self.x_val, self.y_val))
        view = self.get(run.run_id)
        self.assertEqual(0.3, view.typed_params["logisticregression__C"].double_value)
        self.assertEqual(500, view.typed_params["logisticregression__max_iter"].int_value)
        self.assertTrue(view.typed_params["standardscaler__with_mean"].bool_value)
        self.assertIn("StandardScaler()", view.typed_params["steps"].string_value)

        p = model.predict_proba(self.x_val)[:, 1]
        self.assertAlmostEqual(roc_auc_score(self.y_val, p), self.metric(view, "roc_auc", VALIDATION), places=12)
        self.assertAlmostEqual(accuracy_score(self.y_val, model.predict(self.x_val)),
                               self.metric(view, "accuracy", VALIDATION), places=12)
        self.assertAlmostEqual(model.score(self.x_train, self.y_train),
                               self.metric(view, "score", metrics_pb2.METRIC_CONTEXT_TRAIN), places=12)

        self.assertEqual([(pb.DATASET_ROLE_TRAIN, len(self.y_train)), (pb.DATASET_ROLE_VALIDATION, len(self.y_val))],
                         sorted((d.role, d.row_count) for d in view.datasets))
        self.assertEqual(datasets.digest(self.x_val, self.y_val),
                         next(d.digest for d in view.datasets if d.role == pb.DATASET_ROLE_VALIDATION))
        self.assertNotEqual(datasets.digest(self.x_val, self.y_val),
                            datasets.digest(self.x_val, 1 - self.y_val), "the labels are part of the digest")

        stored = pickle.loads(self.tracking.download(run.run_id, "model/model.pkl"))
        np.testing.assert_array_equal(model.predict_proba(self.x_val), stored.predict_proba(self.x_val))

    def test_a_grid_search_logs_its_best_candidate_and_one_child_run_per_candidate(self):
        grid = {"C": [0.01, 0.1, 1.0], "fit_intercept": [True, False]}
        search = GridSearchCV(LogisticRegression(max_iter=5000), grid, cv=3)
        with ratchet.start_run(experiment=self.experiment, capture_context=False, system_metrics=False) as run:
            ratchet_sklearn.log_fit(search, self.x_train, self.y_train)
        view = self.get(run.run_id)
        self.assertEqual(search.best_params_["C"], view.typed_params["best_C"].double_value)
        self.assertAlmostEqual(search.best_score_, self.metric(view, "best_cv_score", VALIDATION), places=12)

        found = self.tracking.call("SearchRuns", pb.SearchRunsRequest(experiment_ids=[view.experiment_id]),
                                   pb.SearchRunsResponse).runs
        children = [r for r in found if r.parent_run_id == run.run_id]
        self.assertEqual(6, len(children))
        results = search.cv_results_
        for child in children:
            i = next(i for i, p in enumerate(results["params"])
                     if p["C"] == child.typed_params["C"].double_value
                     and p["fit_intercept"] == child.typed_params["fit_intercept"].bool_value)
            self.assertEqual(pb.RUN_STATUS_FINISHED, child.status)
            self.assertAlmostEqual(results["mean_test_score"][i], self.metric(child, "mean_test_score", VALIDATION),
                                   places=12)
            self.assertAlmostEqual(results["std_test_score"][i], self.metric(child, "std_test_score", VALIDATION),
                                   places=12)
            self.assertEqual(results["rank_test_score"][i], self.metric(child, "rank", VALIDATION))


if __name__ == "__main__":
    unittest.main()
