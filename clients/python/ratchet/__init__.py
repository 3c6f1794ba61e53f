"""Ratchet's Python client: log a training run to Ratchet's tracking service over gRPC.

    import ratchet
    with ratchet.start_run(experiment="german-credit", name="logreg") as run:
        ratchet.log_params({"C": 1.0})
        ratchet.log_metrics({"loss": 0.41}, step=1, context="validation")
        ratchet.log_dataset("train.csv", role="train")
        ratchet.log_artifact("model.onnx")

A job the orchestrator started finds tracking's address and its run in RATCHET_TRACKING_TARGET and
RATCHET_RUN_ID; start_run() then logs to that run and leaves its status to the orchestrator.
When tracking cannot be reached (at the start, or for longer than RATCHET_RETRY_SECONDS, 120, while the
run runs), the run goes on offline: what it logs is journaled under RATCHET_OFFLINE_DIR and sent later by
`python -m ratchet sync`; RATCHET_OFFLINE=false raises instead.
While a run is active, a background thread logs `system/` metrics (CPU, memory, disk and network I/O,
GPUs) every 10 seconds; RATCHET_SYSTEM_METRICS=false or system_metrics=False turns it off.
Depends only on grpcio and protobuf; the message classes are generated from proto/ into the wheel.
"""
import os
from typing import Any, List, Mapping, Optional, Sequence

from ratchet import offline, system
from ratchet._tracking import Tracking
from ratchet.run import ParamValue, Run
from ratchet.tracking.v1 import tracking_service_pb2 as pb

# the major version is the API version of the protos this client speaks (ratchet.*.v1)
__version__ = "1.1.0"
__all__ = ["start_run", "active_run", "log_params", "log_metrics", "log_metric", "log_dataset", "log_data",
           "log_artifact", "log_image", "log_images", "log_table", "log_errors", "set_tags", "count_samples",
           "search_runs", "Run"]

_active: Optional[Run] = None


def start_run(experiment: Optional[str] = None, name: str = "", target: Optional[str] = None,
              seed: Optional[int] = None, capture_context: bool = True, system_metrics: Optional[bool] = None,
              system_metrics_interval: Optional[float] = None) -> Run:
    """Starts logging a run: the orchestrator's (RATCHET_RUN_ID) or a new one in `experiment` (created if new).

    system_metrics: sample the machine, the process and its GPUs in the background (default: on, unless
    RATCHET_SYSTEM_METRICS is false); system_metrics_interval: seconds between samples (default 10, or
    RATCHET_SYSTEM_METRICS_INTERVAL).
    """
    global _active
    if _active is not None:
        raise RuntimeError(f"run {_active.run_id} is still active; end it first")
    if system_metrics is None:
        system_metrics = os.environ.get("RATCHET_SYSTEM_METRICS", "true").strip().lower() not in ("false", "0", "no",
                                                                                                 "off")
    if system_metrics_interval is None:
        system_metrics_interval = float(os.environ.get("RATCHET_SYSTEM_METRICS_INTERVAL", "10"))
    tracking = Tracking(target or os.environ.get("RATCHET_TRACKING_TARGET", "127.0.0.1:9101"),
                        offline_dir=offline.default_directory() if offline.enabled() else None)
    run_id = os.environ.get("RATCHET_RUN_ID")
    if run_id:
        run = Run(tracking, run_id, owns_run=False)
    else:
        if not experiment:
            raise ValueError("give experiment=... (or run under the orchestrator, which sets RATCHET_RUN_ID)")
        if offline.enabled() and not tracking.reachable(timeout=min(10.0, tracking.give_up_after)):
            # started offline: the id is chosen here and kept; sync creates the run in `experiment`
            journal = tracking.go_offline(offline.new_run_id(), f"tracking at {tracking.target} is unreachable")
            journal.start(experiment, pb.CreateRunRequest(name=name))
            run = Run(tracking, journal.run_id, owns_run=True)
        else:
            created = tracking.call("CreateRun", pb.CreateRunRequest(
                experiment_id=tracking.experiment_id(experiment), name=name), pb.CreateRunResponse)
            run = Run(tracking, created.run.run_id, owns_run=True)
    if capture_context:
        run.log_context(seed=seed)
    if system_metrics:
        run.watch_system(system.SystemMetrics(lambda metrics, step: run.log_metrics(metrics, step=step),
                                              interval=system_metrics_interval, reader=system.machine_reader(),
                                              gpu_reader=system.gpus()))
    _active = run
    return run


def active_run() -> Optional[Run]:
    return _active


def log_params(params: Mapping[str, ParamValue]) -> None:
    _require().log_params(params)


def log_metrics(metrics: Mapping[str, float], step: int = 0, context: Optional[str] = None) -> None:
    _require().log_metrics(metrics, step=step, context=context)


def log_metric(key: str, value: float, step: int = 0, context: Optional[str] = None) -> None:
    _require().log_metric(key, value, step=step, context=context)


def log_dataset(path: str, role: Optional[str] = None) -> str:
    return _require().log_dataset(path, role=role)


def log_data(x: Any, y: Any = None, role: Optional[str] = None, name: Optional[str] = None) -> str:
    return _require().log_data(x, y, role=role, name=name)


def log_artifact(path: str, artifact_path: Optional[str] = None) -> "pb.ArtifactInfo":
    return _require().log_artifact(path, artifact_path=artifact_path)


def log_image(image: Any, key: str, step: int = 0, caption: str = "") -> "pb.ArtifactInfo":
    return _require().log_image(image, key, step=step, caption=caption)


def log_images(images: Sequence[Any], key: str, step: int = 0,
               captions: Optional[Sequence[str]] = None) -> List["pb.ArtifactInfo"]:
    return _require().log_images(images, key, step=step, captions=captions)


def log_table(table: Any, key: str, columns: Optional[Sequence[str]] = None) -> "pb.ArtifactInfo":
    return _require().log_table(table, key, columns=columns)


def log_errors(labels: Sequence[Any], probabilities: Sequence[Sequence[float]], classes: Sequence[Any],
               inputs: Optional[Sequence[Mapping[str, Any]]] = None, images: Optional[Sequence[Any]] = None,
               ids: Optional[Sequence[Any]] = None, k: int = 20, key: str = "errors") -> List[int]:
    return _require().log_errors(labels, probabilities, classes, inputs=inputs, images=images, ids=ids, k=k, key=key)


def set_tags(tags: Mapping[str, str]) -> None:
    _require().set_tags(tags)


def count_samples(samples: int) -> None:
    """Reports samples the training loop processed; the system metrics log system/samples_per_second from them."""
    _require().count_samples(samples)


def search_runs(experiment_names: Optional[Sequence[str]] = None, filter_string: str = "",
                order_by: Optional[Sequence[str]] = None, max_results: int = 1000, target: Optional[str] = None):
    """Runs as a pandas DataFrame, as mlflow.search_runs returns them: run_id, experiment_id, experiment_name,
    run_name, status, start_time, end_time, then metrics.<key> (metrics.<key>/<context> for train, validation,
    test), params.<name> and tags.<name>. filter_string and order_by are tracking's search language."""
    from ratchet import frames
    tracking = Tracking(target or os.environ.get("RATCHET_TRACKING_TARGET", "127.0.0.1:9101"))
    try:
        return frames.search_runs(tracking, experiment_names, filter_string, order_by, max_results)
    finally:
        tracking.close()


def _require() -> Run:
    if _active is None:
        raise RuntimeError("no active run: call ratchet.start_run() first")
    return _active


def _end_active(run):
    global _active
    if _active is run:
        _active = None
        run._tracking.close()
