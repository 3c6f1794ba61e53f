"""Runs and curves as pandas DataFrames, as MLflow's search_runs returns them (pandas is imported only here)."""
from typing import List, Optional, Sequence

from ratchet.events.v1 import metrics_pb2
from ratchet.tracking.v1 import tracking_service_pb2 as pb

_STATUS = {pb.RUN_STATUS_QUEUED: "QUEUED", pb.RUN_STATUS_RUNNING: "RUNNING", pb.RUN_STATUS_FINISHED: "FINISHED",
           pb.RUN_STATUS_FAILED: "FAILED", pb.RUN_STATUS_KILLED: "KILLED"}
_CONTEXT = {metrics_pb2.METRIC_CONTEXT_TRAIN: "train", metrics_pb2.METRIC_CONTEXT_VALIDATION: "validation",
            metrics_pb2.METRIC_CONTEXT_TEST: "test"}


def _pandas():
    try:
        import pandas
    except ImportError as e:
        raise ImportError("this returns a pandas DataFrame: install pandas (Debian: python3-pandas)") from e
    return pandas


def metric_column(key: str, context: int) -> str:
    """metrics.<key> for a metric logged without a context, metrics.<key>/<context> (e.g. loss/validation) else."""
    name = _CONTEXT.get(context)
    return f"metrics.{key}" if name is None else f"metrics.{key}/{name}"


def _param(value) -> object:
    kind = value.WhichOneof("value")
    return None if kind is None else getattr(value, kind)


def _time(stamp, pandas):
    return pandas.Timestamp(stamp.seconds * 1_000_000_000 + stamp.nanos, unit="ns", tz="UTC") \
        if stamp.seconds or stamp.nanos else pandas.NaT


def search_runs(tracking, experiment_names: Optional[Sequence[str]] = None, filter_string: str = "",
                order_by: Optional[Sequence[str]] = None, max_results: int = 1000):
    """One row per run, newest first unless order_by says otherwise: run_id, experiment_id, experiment_name,
    run_name, status, start_time, end_time (UTC), then metrics.* (latest values), params.* (typed) and tags.*."""
    pandas = _pandas()
    experiment_ids: List[str] = []
    if experiment_names:
        known = {e.name: e.experiment_id for e in tracking.call(
            "ListExperiments", pb.ListExperimentsRequest(), pb.ListExperimentsResponse).experiments}
        missing = [name for name in experiment_names if name not in known]
        if missing:
            raise ValueError(f"no experiment named {', '.join(map(repr, missing))}")
        experiment_ids = [known[name] for name in experiment_names]
    rows, token = [], ""
    while len(rows) < max_results:
        page = tracking.call("SearchRuns", pb.SearchRunsRequest(
            experiment_ids=experiment_ids, filter=filter_string, order_by=list(order_by or []),
            max_results=min(1000, max_results - len(rows)), page_token=token), pb.SearchRunsResponse)
        for run in page.runs:
            row = {"run_id": run.run_id, "experiment_id": run.experiment_id, "experiment_name": run.experiment_name,
                   "run_name": run.name, "status": _STATUS.get(run.status, "UNSPECIFIED"),
                   "start_time": _time(run.start_time, pandas), "end_time": _time(run.end_time, pandas)}
            row.update({metric_column(m.key, m.context): m.last_value for m in run.metrics})
            row.update({f"params.{k}": _param(v) for k, v in sorted(run.typed_params.items())})
            row.update({f"params.{k}": v for k, v in sorted(run.params.items()) if k not in run.typed_params})
            row.update({f"tags.{k}": v for k, v in sorted(run.tags.items())})
            rows.append(row)
        token = page.next_page_token
        if not token:
            break
    columns = ["run_id", "experiment_id", "experiment_name", "run_name", "status", "start_time", "end_time"]
    return pandas.DataFrame(rows, columns=columns + sorted({k for row in rows for k in row} - set(columns)))


def history(tracking, run_id: str, max_points: int = 100_000):
    """Every series of a run, one row per point: key, context, step, value, timestamp (UTC). A series longer than
    max_points (at most 100,000) comes M4-downsampled, as tracking serves it."""
    pandas = _pandas()
    run = tracking.call("GetRun", pb.GetRunRequest(run_id=run_id), pb.GetRunResponse).run
    rows = []
    for key in sorted({summary.key for summary in run.metrics}):
        # no context asked: the points of every context, each with its own
        points = tracking.call("GetMetricHistory", pb.GetMetricHistoryRequest(
            run_id=run_id, key=key, max_points=max_points), pb.GetMetricHistoryResponse).points
        rows.extend({"key": key, "context": _CONTEXT.get(p.context), "step": p.step, "value": p.value,
                     "timestamp": _time(p.timestamp, pandas)} for p in points)
    return pandas.DataFrame(rows, columns=["key", "context", "step", "value", "timestamp"])
