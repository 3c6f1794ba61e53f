"""scikit-learn: fit an estimator and log what MLflow's autolog logs — its params, scores on each data set
given, the fitted model, the data's digests — and, for a hyperparameter search (GridSearchCV,
RandomizedSearchCV), one child run per candidate with its cross-validated scores.

    from ratchet.integrations import sklearn as ratchet_sklearn
    with ratchet.start_run(experiment="credit"):
        model = ratchet_sklearn.log_fit(LogisticRegression(C=0.5), x_train, y_train, validation=(x_val, y_val))
"""
import os
import pickle
import tempfile
from typing import Any, Dict, List, Optional, Tuple

import ratchet
from ratchet.run import Run, param_value
from ratchet.tracking.v1 import tracking_service_pb2 as pb

def log_fit(estimator, x, y, validation: Optional[Tuple[Any, Any]] = None, test: Optional[Tuple[Any, Any]] = None,
            run: Optional[Run] = None, model_path: str = "model/model.pkl", max_child_runs: int = 100):
    """Fits `estimator` on (x, y) and logs it into `run` (the active run by default); returns the estimator."""
    run = run or ratchet._require()
    estimator.fit(x, y)
    run.log_params(params(estimator))
    sets = {"train": (x, y), "validation": validation, "test": test}
    for context, data in sets.items():
        if data is not None:
            run.log_metrics(scores(estimator, *data), step=0, context=context)
            run.log_data(data[0], data[1], context)
    if hasattr(estimator, "cv_results_"):
        log_search(run, estimator, max_child_runs)
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "model.pkl")
        with open(path, "wb") as f:
            pickle.dump(estimator, f)
        run.log_artifact(path, model_path)
    return estimator


def params(estimator) -> Dict[str, Any]:
    """get_params(deep=True); Run.log_params keeps numbers, booleans and text typed and logs anything else (an
    estimator, a list, None, NaN) as its repr, as MLflow does."""
    return estimator.get_params(deep=True)


def scores(estimator, x, y) -> Dict[str, float]:
    """The scores MLflow's autolog computes: for a classifier accuracy, precision, recall and F1 (weighted),
    log loss and (binary) ROC AUC from predict_proba; for a regressor R², RMSE and MAE; and score()."""
    from sklearn import metrics
    from sklearn.base import is_classifier

    predicted = estimator.predict(x)
    found: Dict[str, float] = {"score": float(estimator.score(x, y))}
    if is_classifier(estimator):
        found["accuracy"] = metrics.accuracy_score(y, predicted)
        found["precision"] = metrics.precision_score(y, predicted, average="weighted", zero_division=0)
        found["recall"] = metrics.recall_score(y, predicted, average="weighted", zero_division=0)
        found["f1"] = metrics.f1_score(y, predicted, average="weighted", zero_division=0)
        if hasattr(estimator, "predict_proba"):
            probabilities = estimator.predict_proba(x)
            found["log_loss"] = metrics.log_loss(y, probabilities, labels=estimator.classes_)
            if len(estimator.classes_) == 2:
                found["roc_auc"] = metrics.roc_auc_score(y, probabilities[:, 1])
    else:
        found["r2"] = metrics.r2_score(y, predicted)
        found["rmse"] = metrics.mean_squared_error(y, predicted) ** 0.5
        found["mae"] = metrics.mean_absolute_error(y, predicted)
    return {key: float(value) for key, value in found.items()}


def log_search(run: Run, search, max_child_runs: int) -> List[str]:
    """The search's best candidate on the run (best_<param> params, best_cv_score) and each candidate, up to
    `max_child_runs` by rank, as a finished child run with its params and cross-validated scores."""
    results = search.cv_results_
    run.log_params({"best_" + key: value for key, value in search.best_params_.items()})
    if hasattr(search, "best_score_"):
        run.log_metrics({"best_cv_score": float(search.best_score_)}, step=0, context="validation")
    experiment_id = run._tracking.call("GetRun", pb.GetRunRequest(run_id=run.run_id),
                                       pb.GetRunResponse).run.experiment_id
    score_names = sorted(key[len("mean_test_"):] for key in results if key.startswith("mean_test_"))
    rank_key = "rank_test_" + ("score" if "score" in score_names else score_names[0])
    order = sorted(range(len(results["params"])), key=lambda i: (int(results[rank_key][i]), i))
    children = []
    for i in order[:max_child_runs]:
        created = run._tracking.call("CreateRun", pb.CreateRunRequest(
            experiment_id=experiment_id, parent_run_id=run.run_id, name=f"candidate {i}",
            typed_params={key: param_value(value) for key, value in results["params"][i].items()}),
            pb.CreateRunResponse)
        child = Run(run._tracking, created.run.run_id, owns_run=True)
        metrics = {"mean_fit_time": float(results["mean_fit_time"][i]), "rank": float(results[rank_key][i])}
        for name in score_names:
            metrics[f"mean_test_{name}"] = float(results[f"mean_test_{name}"][i])
            metrics[f"std_test_{name}"] = float(results[f"std_test_{name}"][i])
        child.log_metrics(metrics, step=0, context="validation")
        child.flush()
        # not child.end(): that would log this process's CPU and memory as if the candidate had used them
        run._tracking.call("UpdateRun", pb.UpdateRunRequest(run_id=child.run_id, status=pb.RUN_STATUS_FINISHED),
                           pb.UpdateRunResponse)
        children.append(child.run_id)
    return children
