"""A run being logged: params, metric points (batched), datasets, artifacts; finished or failed at the end."""
import hashlib
import math
import mimetypes
import os
import threading
import time
import uuid
from typing import Any, List, Mapping, Optional, Sequence, Union

from google.protobuf.timestamp_pb2 import Timestamp

from ratchet import _context, datasets, media
from ratchet.system import SystemMetrics
from ratchet.events.v1 import metrics_pb2, runs_pb2
from ratchet.tracking.v1 import tracking_service_pb2 as pb

_CONTEXTS = {"train": metrics_pb2.METRIC_CONTEXT_TRAIN, "validation": metrics_pb2.METRIC_CONTEXT_VALIDATION,
             "test": metrics_pb2.METRIC_CONTEXT_TEST, None: metrics_pb2.METRIC_CONTEXT_UNSPECIFIED}
_ROLES = {"train": pb.DATASET_ROLE_TRAIN, "validation": pb.DATASET_ROLE_VALIDATION, "test": pb.DATASET_ROLE_TEST,
          None: pb.DATASET_ROLE_UNSPECIFIED}
_CHUNK = 1 << 20


ParamValue = Union[bool, int, float, str, Any]


class Run:
    """Use through ratchet.start_run(); as a context manager it ends the run FINISHED, or FAILED on an exception.

    Points are stamped when logged and sent in batches (at `batch_size` points, or on the first log call
    `flush_seconds` after the last send, and at the end); tracking identifies a point by (key, context,
    step, timestamp), so a batch retried after a lost answer never duplicates one. Safe to log from
    several threads (the system metrics sampler is one).
    """

    def __init__(self, tracking, run_id: str, owns_run: bool, batch_size: int = 1000, flush_seconds: float = 1.0):
        self._tracking = tracking
        self.run_id = run_id
        self._owns_run = owns_run
        self._batch_size = batch_size
        self._flush_seconds = flush_seconds
        self._points = []
        self._last_flush = time.monotonic()
        self._lock = threading.RLock()
        self._system: Optional[SystemMetrics] = None

    def log_params(self, params: Mapping[str, ParamValue]) -> None:
        """Hyperparameters, typed: bool, int, float or text (other values as their repr). A key keeps its first
        value."""
        typed = {key: param_value(value) for key, value in params.items()}
        self._tracking.call("LogBatch", pb.LogBatchRequest(run_id=self.run_id, typed_params=typed),
                            pb.LogBatchResponse)

    def set_tags(self, tags: Mapping[str, str]) -> None:
        self._tracking.call("LogBatch", pb.LogBatchRequest(run_id=self.run_id, tags=tags), pb.LogBatchResponse)

    def log_metrics(self, metrics: Mapping[str, float], step: int = 0, context: Optional[str] = None) -> None:
        """Metric values at a step; context is "train", "validation", "test" or None."""
        if context not in _CONTEXTS:
            raise ValueError(f"context must be one of train, validation, test or None, not {context!r}")
        stamp = Timestamp()
        stamp.GetCurrentTime()
        with self._lock:
            for key, value in metrics.items():
                self._points.append(metrics_pb2.MetricPoint(key=key, value=float(value), step=step, timestamp=stamp,
                                                            context=_CONTEXTS[context]))
            if len(self._points) >= self._batch_size or time.monotonic() - self._last_flush >= self._flush_seconds:
                self.flush()

    def log_metric(self, key: str, value: float, step: int = 0, context: Optional[str] = None) -> None:
        self.log_metrics({key: value}, step=step, context=context)

    def flush(self) -> None:
        with self._lock:
            while self._points:
                batch, self._points = self._points[:10_000], self._points[10_000:]
                # one id per batch, the same on every retry of it (the points carry their own times too)
                self._tracking.call("LogBatch", pb.LogBatchRequest(run_id=self.run_id, metrics=batch,
                                                                   batch_id=str(uuid.uuid4())), pb.LogBatchResponse)
            self._last_flush = time.monotonic()

    def to_pandas(self, max_points: int = 100_000):
        """The run's curves as a pandas DataFrame, one row per point: key, context, step, value, timestamp."""
        from ratchet import frames
        from ratchet._tracking import Tracking
        self.flush()
        reader = Tracking(self._tracking.target)  # the run's own connection closes when the run ends
        try:
            return frames.history(reader, self.run_id, max_points)
        finally:
            reader.close()

    def watch_system(self, sampler: SystemMetrics) -> None:
        """Starts logging `sampler`'s samples into this run until it ends (start_run does this by default)."""
        if self._system is not None:
            raise RuntimeError("this run already logs system metrics")
        self._system = sampler.start()

    def count_samples(self, samples: int) -> None:
        """Reports samples (rows, images, tokens) the training loop processed: logged as system/samples_per_second."""
        if self._system is not None:
            self._system.count(samples)

    def log_dataset(self, path: str, role: Optional[str] = None) -> str:
        """Records a data file the run used, with its SHA-256 digest and data rows (lines after the header)."""
        if role not in _ROLES:
            raise ValueError(f"role must be train, validation, test or None, not {role!r}")
        digest = hashlib.sha256()
        lines = 0
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(_CHUNK), b""):
                digest.update(block)
                lines += block.count(b"\n")
        dataset = pb.DatasetInput(uri="file://" + os.path.abspath(path), digest="sha256:" + digest.hexdigest(),
                                  row_count=max(0, lines - 1), role=_ROLES[role])
        self._tracking.call("LogRunContext", pb.LogRunContextRequest(run_id=self.run_id, datasets=[dataset]),
                            pb.LogRunContextResponse)
        return dataset.digest

    def log_data(self, x: Any, y: Any = None, role: Optional[str] = None, name: Optional[str] = None) -> str:
        """Records in-memory data the run used (arrays, frames: inputs and labels) by its digest and rows; it has no
        file, so its URI is memory:<name or role>. Returns the digest (ratchet.datasets.digest)."""
        if role not in _ROLES:
            raise ValueError(f"role must be train, validation, test or None, not {role!r}")
        dataset = pb.DatasetInput(uri="memory:" + (name or role or "data"), digest=datasets.digest(x, y),
                                  row_count=len(x), role=_ROLES[role])
        self._tracking.call("LogRunContext", pb.LogRunContextRequest(run_id=self.run_id, datasets=[dataset]),
                            pb.LogRunContextResponse)
        return dataset.digest

    def log_artifact(self, path: str, artifact_path: Optional[str] = None) -> "pb.ArtifactInfo":
        """Uploads a file as an artifact of the run (content-addressed in tracking)."""
        name = artifact_path or os.path.basename(path)
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"

        def chunks():
            with open(path, "rb") as f:
                yield from iter(lambda: f.read(_CHUNK), b"")

        return self._upload(name, content_type, chunks, image=content_type.startswith("image/"))

    def log_image(self, image: Any, key: str, step: int = 0, caption: str = "") -> "pb.ArtifactInfo":
        """An image for the run's gallery, as images/<key>/step-<step>.png: a file, a PIL image, a matplotlib
        figure or an array (h, w[, 3|4]); caption says what it shows, e.g. "sample 17, label=cat, flip+crop"."""
        data, content_type, extension = media.image_bytes(image)
        return self._upload(media.image_path(key, step, None, extension), content_type, lambda: _pieces(data),
                            image=True, caption=caption)

    def log_images(self, images: Sequence[Any], key: str, step: int = 0,
                   captions: Optional[Sequence[str]] = None) -> List["pb.ArtifactInfo"]:
        """Several images at one step (a grid of samples), as images/<key>/step-<step>-<i>, each with its caption."""
        if captions is not None and len(captions) != len(images):
            raise ValueError(f"{len(images)} images but {len(captions)} captions")
        stored = []
        for i, image in enumerate(images):
            data, content_type, extension = media.image_bytes(image)
            stored.append(self._upload(media.image_path(key, step, i, extension), content_type,
                                       lambda d=data: _pieces(d), image=True, caption=captions[i] if captions else ""))
        return stored

    def log_table(self, table: Any, key: str, columns: Optional[Sequence[str]] = None) -> "pb.ArtifactInfo":
        """A table (a DataFrame, dicts, or rows with `columns`) as tables/<key>.csv, which the console previews."""
        data = media.table_csv(table, columns)
        return self._upload(f"tables/{media.check_key(key)}.csv", "text/csv", lambda: _pieces(data))

    def log_errors(self, labels: Sequence[Any], probabilities: Sequence[Sequence[float]], classes: Sequence[Any],
                   inputs: Optional[Sequence[Mapping[str, Any]]] = None, images: Optional[Sequence[Any]] = None,
                   ids: Optional[Sequence[Any]] = None, k: int = 20, key: str = "errors") -> List[int]:
        """The k worst errors of a data set (misclassified rows the model was surest about) as the table
        tables/<key>.csv — row, label, predicted, their probabilities, then the row's inputs — and, when the
        inputs are images, as images/<key>/… with captions. Returns the rows' positions, worst first."""
        worst = media.worst_errors(labels, probabilities, classes, k)
        rows = []
        for row, label, predicted, p_label, p_predicted in worst:
            entry = {"row": ids[row] if ids is not None else row, "label": label, "predicted": predicted,
                     "p_label": p_label, "p_predicted": p_predicted}
            if inputs is not None:
                entry.update(inputs[row])
            rows.append(entry)
        columns = ["row", "label", "predicted", "p_label", "p_predicted"]
        self.log_table(rows, key, columns=columns + [c for c in media.table_columns(rows) if c not in columns])
        if images is not None and worst:
            self.log_images([images[row] for row, *_ in worst], key,
                            captions=[f"row {r['row']}: label={r['label']}, predicted={r['predicted']} "
                                      f"(p={r['p_predicted']:.2f})" for r in rows])
        return [row for row, *_ in worst]

    def _upload(self, path, content_type, chunks, image=False, caption=""):
        header = pb.ArtifactHeader(run_id=self.run_id, path=path, content_type=content_type, image=image,
                                   caption=caption)
        return self._tracking.upload(header, chunks).artifact

    def log_context(self, seed: Optional[int] = None, directory: str = ".") -> None:
        """Git, environment, seed and command line: what GetReproduction needs to re-run this run."""
        request = pb.LogRunContextRequest(run_id=self.run_id, environment=_context.environment(),
                                          command=_context.command())
        source = _context.git(directory)
        if source is not None:
            request.git.CopyFrom(source)
        if seed is not None:
            request.seed = seed
        self._tracking.call("LogRunContext", request, pb.LogRunContextResponse)

    def end(self, status: str = "FINISHED", message: str = "") -> None:
        """Stops the system metrics (a last sample), flushes, logs the process's CPU seconds and peak memory,
        and (for a run this client created) sets its status."""
        if self._system is not None:
            self._system.stop()
            self._system = None
        self.log_metrics(_context.system_metrics())
        self.flush()
        if self._owns_run:
            self._tracking.call("UpdateRun", pb.UpdateRunRequest(run_id=self.run_id,
                                                                 status=pb.RunStatus.Value("RUN_STATUS_" + status),
                                                                 message=message), pb.UpdateRunResponse)

    def __enter__(self) -> "Run":
        return self

    def __exit__(self, kind, error, traceback):
        from ratchet import _end_active
        try:
            if error is None:
                self.end("FINISHED")
            else:
                self.end("FAILED", f"{kind.__name__}: {error}")
        finally:
            _end_active(self)
        return False


def _pieces(data: bytes):
    return (data[i:i + _CHUNK] for i in range(0, len(data), _CHUNK))


def param_value(value: Any) -> runs_pb2.ParamValue:
    """A param typed as tracking keeps it: bool, int, finite float, text; numpy scalars as their Python value;
    anything else (None, an estimator, a list, NaN) as its repr."""
    if hasattr(value, "item") and getattr(value, "shape", None) == ():
        value = value.item()
    if isinstance(value, bool):
        return runs_pb2.ParamValue(bool_value=value)
    if isinstance(value, int):
        return runs_pb2.ParamValue(int_value=value)
    if isinstance(value, float) and math.isfinite(value):
        return runs_pb2.ParamValue(double_value=value)
    return runs_pb2.ParamValue(string_value=value if isinstance(value, str) else repr(value))
