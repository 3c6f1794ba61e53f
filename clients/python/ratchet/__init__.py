"""Ratchet's Python client: log a training run to Ratchet's tracking service over gRPC.

    import ratchet
    with ratchet.start_run(experiment="german-credit", name="logreg") as run:
        ratchet.log_params({"C": 1.0})
        ratchet.log_metrics({"loss": 0.41}, step=1, context="validation")
        ratchet.log_dataset("train.csv", role="train")
        ratchet.log_artifact("model.onnx")

A job the orchestrator started finds tracking's address and its run in RATCHET_TRACKING_TARGET and
RATCHET_RUN_ID; start_run() then logs to that run and leaves its status to the orchestrator.
Depends only on grpcio and protobuf; the message classes are generated from proto/ (generate.sh).
"""
import os

from ratchet._tracking import Tracking
from ratchet.run import Run
from ratchet.tracking.v1 import tracking_service_pb2 as pb

__all__ = ["start_run", "active_run", "log_params", "log_metrics", "log_metric", "log_dataset", "log_artifact",
           "set_tags", "Run"]

_active = None


def start_run(experiment=None, name="", target=None, seed=None, capture_context=True):
    """Starts logging a run: the orchestrator's (RATCHET_RUN_ID) or a new one in `experiment` (created if new)."""
    global _active
    if _active is not None:
        raise RuntimeError(f"run {_active.run_id} is still active; end it first")
    tracking = Tracking(target or os.environ.get("RATCHET_TRACKING_TARGET", "127.0.0.1:9101"))
    run_id = os.environ.get("RATCHET_RUN_ID")
    if run_id:
        run = Run(tracking, run_id, owns_run=False)
    else:
        if not experiment:
            raise ValueError("give experiment=... (or run under the orchestrator, which sets RATCHET_RUN_ID)")
        created = tracking.call("CreateRun", pb.CreateRunRequest(experiment_id=_experiment_id(tracking, experiment),
                                                                 name=name), pb.CreateRunResponse)
        run = Run(tracking, created.run.run_id, owns_run=True)
    if capture_context:
        run.log_context(seed=seed)
    _active = run
    return run


def active_run():
    return _active


def log_params(params):
    _require().log_params(params)


def log_metrics(metrics, step=0, context=None):
    _require().log_metrics(metrics, step=step, context=context)


def log_metric(key, value, step=0, context=None):
    _require().log_metric(key, value, step=step, context=context)


def log_dataset(path, role=None):
    return _require().log_dataset(path, role=role)


def log_artifact(path, artifact_path=None):
    return _require().log_artifact(path, artifact_path=artifact_path)


def set_tags(tags):
    _require().set_tags(tags)


def _require():
    if _active is None:
        raise RuntimeError("no active run: call ratchet.start_run() first")
    return _active


def _end_active(run):
    global _active
    if _active is run:
        _active = None
        run._tracking.close()


def _experiment_id(tracking, name):
    experiments = tracking.call("ListExperiments", pb.ListExperimentsRequest(), pb.ListExperimentsResponse)
    for experiment in experiments.experiments:
        if experiment.name == name:
            return experiment.experiment_id
    return tracking.call("CreateExperiment", pb.CreateExperimentRequest(name=name),
                         pb.CreateExperimentResponse).experiment.experiment_id
