"""Offline mode against the running suite: a run logged while tracking is down — from its start, or from the
middle of its run (a loopback proxy in front of tracking is cut) — appears whole after `python -m ratchet sync`,
and a sync repeated from the start changes nothing."""
import io
import os
import shutil
import socket
import tempfile
import threading
import time
import unittest
from contextlib import redirect_stdout

import ratchet
from ratchet import offline
from ratchet.__main__ import main as ratchet_main
from ratchet._tracking import Tracking
from ratchet.events.v1 import metrics_pb2
from ratchet.tracking.v1 import tracking_service_pb2 as pb

TARGET = os.environ.get("RATCHET_TRACKING_TARGET", "127.0.0.1:9101")
TRAIN = metrics_pb2.METRIC_CONTEXT_TRAIN


class Proxy:
    """A TCP forwarder on loopback in front of tracking; cut() closes every connection and stops listening."""

    def __init__(self, target):
        host, port = target.rsplit(":", 1)
        self._to = (host, int(port))
        self._server = socket.create_server(("127.0.0.1", 0))
        self.target = f"127.0.0.1:{self._server.getsockname()[1]}"
        self._sockets = []
        self._open = True
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while self._open:
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            upstream = socket.create_connection(self._to)
            self._sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def cut(self):
        self._open = False
        try:
            self._server.shutdown(socket.SHUT_RDWR)  # wakes the accept() in progress, which close() alone does not
        except OSError:
            pass
        self._server.close()
        for s in self._sockets:
            try:
                s.shutdown(socket.SHUT_RDWR)
                s.close()
            except OSError:
                pass


class OfflineTest(unittest.TestCase):
    def setUp(self):
        os.environ.pop("RATCHET_RUN_ID", None)
        self.directory = tempfile.mkdtemp(prefix="ratchet-offline-")
        os.environ["RATCHET_OFFLINE_DIR"] = self.directory
        os.environ["RATCHET_RETRY_SECONDS"] = "1"
        self.tracking = Tracking(TARGET)
        self.experiment = f"python-offline-{time.time_ns()}"

    def tearDown(self):
        for name in ("RATCHET_OFFLINE_DIR", "RATCHET_RETRY_SECONDS"):
            os.environ.pop(name, None)
        self.tracking.close()
        shutil.rmtree(self.directory, ignore_errors=True)

    def sync(self):
        out = io.StringIO()
        with redirect_stdout(out):
            self.assertEqual(0, ratchet_main(["sync", "--dir", self.directory, "--target", TARGET]))
        return out.getvalue()

    def get(self, run_id):
        return self.tracking.call("GetRun", pb.GetRunRequest(run_id=run_id), pb.GetRunResponse).run

    def history(self, run_id, key):
        return [(p.step, p.value) for p in self.tracking.call("GetMetricHistory", pb.GetMetricHistoryRequest(
            run_id=run_id, key=key, context=TRAIN), pb.GetMetricHistoryResponse).points]

    def test_a_run_started_while_tracking_is_down_keeps_its_id_and_appears_whole_after_sync(self):
        with socket.socket() as s:  # a port nothing listens on
            s.bind(("127.0.0.1", 0))
            down = f"127.0.0.1:{s.getsockname()[1]}"
        started = time.time()
        with ratchet.start_run(experiment=self.experiment, name="on the train", target=down, seed=3,
                               system_metrics=False) as run:
            ratchet.log_params({"lr": 0.01, "layers": 3})
            for step in range(5):
                ratchet.log_metrics({"loss": 1.0 / (step + 1)}, step=step, context="train")
            ratchet.log_image([[0, 255]], "samples", caption="sample 1, label=cat")
            ratchet.log_table([{"epoch": 1, "loss": 0.5}], "history")
        self.assertEqual([run.run_id], offline.pending(self.directory))

        self.assertIn("1 run(s) synced", self.sync())
        view = self.get(run.run_id)
        self.assertEqual(self.experiment, view.experiment_name)
        self.assertEqual("on the train", view.name)
        self.assertEqual(pb.RUN_STATUS_FINISHED, view.status)
        self.assertLess(abs(view.start_time.seconds - started), 15, "started when it ran, not when it was synced")
        self.assertLessEqual(view.start_time.seconds, view.end_time.seconds)
        self.assertEqual(0.01, view.typed_params["lr"].double_value)
        self.assertEqual(3, view.seed)
        self.assertEqual([(s, 1.0 / (s + 1)) for s in range(5)], self.history(run.run_id, "loss"))
        artifacts = {a.path: a for a in self.tracking.call("ListArtifacts", pb.ListArtifactsRequest(
            run_id=run.run_id), pb.ListArtifactsResponse).artifacts}
        self.assertEqual("sample 1, label=cat", artifacts["images/samples/step-0.png"].caption)
        self.assertEqual(b"epoch,loss\n1,0.5\n", self.tracking.download(run.run_id, "tables/history.csv"))
        self.assertEqual([], offline.pending(self.directory))
        self.assertIn("nothing to sync", self.sync())

    def test_a_run_cut_off_mid_run_goes_on_offline_and_a_repeated_sync_changes_nothing(self):
        proxy = Proxy(TARGET)
        with ratchet.start_run(experiment=self.experiment, target=proxy.target, capture_context=False,
                               system_metrics=False) as run:
            ratchet.log_params({"lr": 0.1})
            ratchet.log_metrics({"loss": 0.9}, step=0, context="train")
            run.flush()
            proxy.cut()
            for step in range(1, 4):
                ratchet.log_metrics({"loss": 0.9 - step / 10}, step=step, context="train")
            run.flush()  # after a second of retries: offline from here on
            ratchet.log_metrics({"loss": 0.4}, step=4, context="train")
        self.assertEqual(pb.RUN_STATUS_RUNNING, self.get(run.run_id).status, "tracking saw the run's start only")
        self.assertEqual([(0, 0.9)], self.history(run.run_id, "loss"))

        journal = os.path.join(self.directory, run.run_id)
        copy = os.path.join(tempfile.mkdtemp(prefix="ratchet-journal-"), run.run_id)
        shutil.copytree(journal, copy)
        self.sync()
        expected = [(0, 0.9)] + [(step, 0.9 - step / 10) for step in range(1, 4)] + [(4, 0.4)]
        self.assertEqual(expected, self.history(run.run_id, "loss"))
        self.assertEqual(pb.RUN_STATUS_FINISHED, self.get(run.run_id).status)

        shutil.move(copy, journal)  # as if the first sync had died before it removed the journal
        os.rmdir(os.path.dirname(copy))
        self.sync()
        self.assertEqual(expected, self.history(run.run_id, "loss"), "replayed entries change nothing")

    def test_with_offline_mode_off_an_unreachable_tracking_raises(self):
        os.environ["RATCHET_OFFLINE"] = "false"
        try:
            with socket.socket() as s:
                s.bind(("127.0.0.1", 0))
                down = f"127.0.0.1:{s.getsockname()[1]}"
            import grpc
            with self.assertRaises(grpc.RpcError):
                ratchet.start_run(experiment=self.experiment, target=down, capture_context=False, system_metrics=False)
        finally:
            del os.environ["RATCHET_OFFLINE"]
        self.assertEqual([], offline.pending(self.directory))


if __name__ == "__main__":
    unittest.main()
