"""Offline mode: when tracking cannot be reached for longer than the retry window, what a run logs is written
to a local journal instead of being dropped, and `python -m ratchet sync` sends it later, in order.

A journal is a folder per run under RATCHET_OFFLINE_DIR (default ~/.ratchet/offline): journal.jsonl holds
one entry per call (the gRPC method and its request, serialized), files/ the artifacts' bytes, and cursor
the number of entries already sent. A run started offline gets its id here and keeps it: sync creates it
with that id (CreateRun.run_id) and its start time. Every call sync replays is idempotent in tracking
(batch ids, first-value params, same-status updates, same-id creation), so a sync cut off and run again
sends the entry it was on once more and changes nothing.
"""
import base64
import json
import os
import shutil
import threading
import uuid
from typing import Iterator, List, Optional

from google.protobuf.timestamp_pb2 import Timestamp

from ratchet.tracking.v1 import tracking_service_pb2 as pb

JOURNAL = "journal.jsonl"
CURSOR = "cursor"


def default_directory() -> str:
    return os.environ.get("RATCHET_OFFLINE_DIR") or os.path.join(os.path.expanduser("~"), ".ratchet", "offline")


def _now() -> Timestamp:
    stamp = Timestamp()
    stamp.GetCurrentTime()
    return stamp


class Journal:
    """The journal of one run: entries appended in the order the run logged them."""

    def __init__(self, directory: str, run_id: str):
        self.run_id = run_id
        self.path = os.path.join(directory, run_id)
        os.makedirs(os.path.join(self.path, "files"), exist_ok=True)
        self._files = len(os.listdir(os.path.join(self.path, "files")))
        self._lock = threading.Lock()  # the system metrics thread logs too

    def start(self, experiment: str, request: "pb.CreateRunRequest") -> None:
        """The run was started offline: created at sync time in `experiment` (by name), with its id and start."""
        request.run_id = self.run_id
        if not request.HasField("start_time"):
            request.start_time.CopyFrom(_now())
        self._append({"start": experiment, "request": _encode(request)})

    def call(self, method: str, request) -> None:
        if isinstance(request, pb.UpdateRunRequest) and not request.HasField("end_time"):
            request.end_time.CopyFrom(_now())  # the run ended now, not when it is synced
        self._append({"call": method, "request": _encode(request)})

    def upload(self, header: "pb.ArtifactHeader", chunks) -> None:
        with self._lock:
            name = f"files/{self._files}"
            self._files += 1
        with open(os.path.join(self.path, name), "wb") as f:
            for chunk in chunks():
                f.write(chunk)
        self._append({"upload": _encode(header), "file": name})

    def _append(self, entry: dict) -> None:
        with self._lock, open(os.path.join(self.path, JOURNAL), "a") as f:
            f.write(json.dumps(entry) + "\n")
            f.flush()
            os.fsync(f.fileno())


def pending(directory: Optional[str] = None) -> List[str]:
    """The runs with a journal not yet synced, oldest first."""
    directory = directory or default_directory()
    if not os.path.isdir(directory):
        return []
    runs = [name for name in os.listdir(directory)
            if _is_run_id(name) and os.path.isfile(os.path.join(directory, name, JOURNAL))]
    return sorted(runs, key=lambda name: os.path.getmtime(os.path.join(directory, name, JOURNAL)))


def sync(tracking, directory: Optional[str] = None, log=print) -> List[str]:
    """Sends every pending journal to tracking, entry by entry, and removes each once it is all sent.
    Returns the runs synced; raises (leaving the rest for the next sync) when tracking refuses an entry."""
    directory = directory or default_directory()
    synced = []
    for run_id in pending(directory):
        path = os.path.join(directory, run_id)
        entries = _entries(path)
        done = _cursor(path)
        for number, entry in enumerate(entries):
            if number < done:
                continue
            _send(tracking, path, entry)
            with open(os.path.join(path, CURSOR), "w") as f:
                f.write(str(number + 1))
        shutil.rmtree(path)
        log(f"synced run {run_id}: {len(entries) - done} of {len(entries)} entries sent")
        synced.append(run_id)
    return synced


def _send(tracking, path: str, entry: dict) -> None:
    if "start" in entry:
        request = pb.CreateRunRequest.FromString(_decode(entry["request"]))
        request.experiment_id = tracking.experiment_id(entry["start"])
        tracking.call("CreateRun", request, pb.CreateRunResponse)
    elif "upload" in entry:
        header = pb.ArtifactHeader.FromString(_decode(entry["upload"]))

        def chunks() -> Iterator[bytes]:
            with open(os.path.join(path, entry["file"]), "rb") as f:
                yield from iter(lambda: f.read(1 << 20), b"")

        tracking.upload(header, chunks)
    else:
        method = entry["call"]
        request_type, response_type = _TYPES[method]
        tracking.call(method, request_type.FromString(_decode(entry["request"])), response_type)


def _entries(path: str) -> List[dict]:
    with open(os.path.join(path, JOURNAL)) as f:
        lines = f.read().splitlines()
    entries = []
    for i, line in enumerate(lines):
        try:
            entries.append(json.loads(line))
        except json.JSONDecodeError:
            if i == len(lines) - 1:
                break  # the process died while writing its last entry: that call never happened
            raise
    return entries


def _cursor(path: str) -> int:
    try:
        with open(os.path.join(path, CURSOR)) as f:
            return int(f.read().strip() or 0)
    except FileNotFoundError:
        return 0


def _is_run_id(name: str) -> bool:
    try:
        return str(uuid.UUID(name)) == name
    except ValueError:
        return False


def new_run_id() -> str:
    return str(uuid.uuid4())


def _encode(message) -> str:
    return base64.b64encode(message.SerializeToString()).decode()


def _decode(text: str) -> bytes:
    return base64.b64decode(text)


_TYPES = {"LogBatch": (pb.LogBatchRequest, pb.LogBatchResponse),
          "LogRunContext": (pb.LogRunContextRequest, pb.LogRunContextResponse),
          "UpdateRun": (pb.UpdateRunRequest, pb.UpdateRunResponse),
          "CreateRun": (pb.CreateRunRequest, pb.CreateRunResponse)}


def enabled() -> bool:
    """Offline mode is on unless RATCHET_OFFLINE is false (then an unreachable tracking raises, as before)."""
    return os.environ.get("RATCHET_OFFLINE", "true").strip().lower() not in ("false", "0", "no", "off")

