"""Runs and curves as DataFrames (Debian's python3-pandas), and a run started the way a notebook starts one,
against the running suite."""
import os
import subprocess
import sys
import tempfile
import time
import unittest

import ratchet

try:
    import pandas
except ImportError:
    pandas = None

TARGET = os.environ.get("RATCHET_TRACKING_TARGET", "127.0.0.1:9101")


@unittest.skipIf(pandas is None, "pandas is not installed (Debian: python3-pandas)")
class FramesTest(unittest.TestCase):
    def setUp(self):
        os.environ.pop("RATCHET_RUN_ID", None)
        self.experiment = f"python-frames-{time.time_ns()}"

    def test_search_runs_returns_one_row_per_run_with_metrics_params_and_tags_as_mlflow_does(self):
        ids = []
        for name, acc, depth in (("shallow", 0.81, 2), ("deep", 0.86, 6)):
            with ratchet.start_run(experiment=self.experiment, name=name, capture_context=False,
                                   system_metrics=False) as run:
                ratchet.log_params({"depth": depth, "booster": "gbtree"})
                ratchet.log_metrics({"acc": acc}, step=1, context="validation")
                ratchet.log_metrics({"loss": 1 - acc}, step=1)
                ratchet.set_tags({"team": "credit"})
            ids.append(run.run_id)
        frame = ratchet.search_runs([self.experiment], order_by=["metrics.acc DESC"])
        self.assertEqual([ids[1], ids[0]], list(frame["run_id"]))
        self.assertEqual(["deep", "shallow"], list(frame["run_name"]))
        self.assertEqual([0.86, 0.81], list(frame["metrics.acc/validation"]))
        self.assertAlmostEqual(1 - 0.86, frame["metrics.loss"].iloc[0])
        self.assertEqual([6, 2], list(frame["params.depth"]))
        self.assertEqual(["credit", "credit"], list(frame["tags.team"]))
        self.assertEqual(["FINISHED", "FINISHED"], list(frame["status"]))
        self.assertTrue((frame["end_time"] >= frame["start_time"]).all())
        self.assertEqual(str(frame["start_time"].dtype), "datetime64[ns, UTC]")

        only = ratchet.search_runs([self.experiment], filter_string="params.booster = 'gbtree' and metrics.acc < 0.85")
        self.assertEqual([ids[0]], list(only["run_id"]))
        with self.assertRaisesRegex(ValueError, "no experiment named"):
            ratchet.search_runs(["no-such-experiment-" + self.experiment])

    def test_a_run_s_curves_come_as_one_row_per_point(self):
        with ratchet.start_run(experiment=self.experiment, capture_context=False, system_metrics=False) as run:
            for step in range(3):
                ratchet.log_metrics({"loss": 1.0 / (step + 1)}, step=step, context="train")
                ratchet.log_metrics({"loss": 2.0 / (step + 1)}, step=step, context="validation")
        frame = run.to_pandas()
        self.assertEqual(["key", "context", "step", "value", "timestamp"], list(frame.columns))
        validation = frame[frame["context"] == "validation"].sort_values("step")
        self.assertEqual([2.0, 1.0, 2.0 / 3], list(validation["value"]))
        self.assertEqual(6, (frame["key"] == "loss").sum())
        self.assertEqual({"loss", "system/cpu_seconds", "system/max_rss_mib"}, set(frame["key"]))


class NotebookTest(unittest.TestCase):
    def test_a_run_starts_and_ends_where_there_is_no_script_file_and_no_git(self):
        code = ("import ratchet\n"
                f"with ratchet.start_run(experiment='python-notebook-{time.time_ns()}', system_metrics=False) as run:\n"
                "    ratchet.log_metric('loss', 0.5)\n"
                "print(run.run_id)\n")
        with tempfile.TemporaryDirectory() as directory:  # not a git checkout, as a notebook's folder may be
            env = dict(os.environ, RATCHET_TRACKING_TARGET=TARGET)
            env.pop("RATCHET_RUN_ID", None)
            done = subprocess.run([sys.executable, "-c", code], cwd=directory, env=env, capture_output=True,
                                  text=True, timeout=120)
        self.assertEqual(0, done.returncode, done.stderr)
        from ratchet._tracking import Tracking
        from ratchet.tracking.v1 import tracking_service_pb2 as pb
        tracking = Tracking(TARGET)
        try:
            view = tracking.call("GetRun", pb.GetRunRequest(run_id=done.stdout.strip()), pb.GetRunResponse).run
        finally:
            tracking.close()
        self.assertEqual(pb.RUN_STATUS_FINISHED, view.status)
        self.assertFalse(view.HasField("git"), "no git there: no code version, and no failure")


if __name__ == "__main__":
    unittest.main()
