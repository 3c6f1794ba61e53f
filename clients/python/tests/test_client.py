"""The Python client against the running suite (bin/ratchet local up): what it logs is what tracking holds."""
import hashlib
import os
import tempfile
import time
import unittest

import grpc

import ratchet
from ratchet._tracking import Tracking
from ratchet.events.v1 import metrics_pb2
from ratchet.tracking.v1 import tracking_service_pb2 as pb

TARGET = os.environ.get("RATCHET_TRACKING_TARGET", "127.0.0.1:9101")
DATA = os.path.join(os.path.dirname(__file__), "..", "..", "..", "examples", "data", "german_credit.csv")


class ClientTest(unittest.TestCase):
    def setUp(self):
        os.environ.pop("RATCHET_RUN_ID", None)
        self.tracking = Tracking(TARGET)
        self.experiment = f"python-client-{time.time_ns()}"

    def tearDown(self):
        self.tracking.close()

    def run_view(self, run_id):
        return self.tracking.call("GetRun", pb.GetRunRequest(run_id=run_id), pb.GetRunResponse).run

    def history(self, run_id, key, context):
        return self.tracking.call("GetMetricHistory", pb.GetMetricHistoryRequest(run_id=run_id, key=key,
                                                                                  context=context),
                                  pb.GetMetricHistoryResponse).points

    def test_a_run_logs_params_metrics_data_and_files_then_finishes(self):
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as notes:
            notes.write("coefficients: ...\n")
        with ratchet.start_run(experiment=self.experiment, name="logreg", seed=7) as run:
            ratchet.log_params({"C": 0.5, "max_iter": 100, "penalty": "l2", "fit_intercept": True})
            for epoch in range(1, 4):
                ratchet.log_metrics({"loss": 1.0 / epoch}, step=epoch, context="validation")
            digest = ratchet.log_dataset(DATA, role="train")
            artifact = ratchet.log_artifact(notes.name, "notes/coefficients.txt")
        self.assertIsNone(ratchet.active_run())

        view = self.run_view(run.run_id)
        self.assertEqual(pb.RUN_STATUS_FINISHED, view.status)
        self.assertEqual(self.experiment, view.experiment_name)
        self.assertEqual(0.5, view.typed_params["C"].double_value)
        self.assertEqual(100, view.typed_params["max_iter"].int_value)
        self.assertEqual("l2", view.typed_params["penalty"].string_value)
        self.assertTrue(view.typed_params["fit_intercept"].bool_value)
        points = self.history(run.run_id, "loss", metrics_pb2.METRIC_CONTEXT_VALIDATION)
        self.assertEqual([1, 2, 3], [p.step for p in points])
        self.assertAlmostEqual(1 / 3, points[-1].value)
        with open(DATA, "rb") as f:
            self.assertEqual("sha256:" + hashlib.sha256(f.read()).hexdigest(), digest)
        self.assertEqual([(digest, 1000, pb.DATASET_ROLE_TRAIN)],
                         [(d.digest, d.row_count, d.role) for d in view.datasets])
        self.assertEqual("notes/coefficients.txt", artifact.path)
        self.assertTrue(view.environment.runtime.startswith("Python 3"))
        self.assertEqual(7, view.seed)
        self.assertTrue(any(m.key == "system/max_rss_mib" for m in view.metrics))

    def test_system_metrics_are_logged_as_series_while_the_run_runs(self):
        with ratchet.start_run(experiment=self.experiment, capture_context=False, system_metrics_interval=0.2) as run:
            deadline = time.monotonic() + 1.5
            while time.monotonic() < deadline:
                sum(i * i for i in range(20_000))  # a training step's work
                ratchet.count_samples(32)
        unspecified = metrics_pb2.METRIC_CONTEXT_UNSPECIFIED
        for key in ("system/cpu_percent", "system/process_cpu_percent", "system/memory_rss_mib",
                    "system/memory_available_mib", "system/network_receive_mib"):
            points = self.history(run.run_id, key, unspecified)
            self.assertGreaterEqual(len(points), 4, key)
            self.assertEqual(list(range(len(points))), [p.step for p in points], key)
        rss = self.history(run.run_id, "system/memory_rss_mib", unspecified)
        self.assertTrue(all(5 < p.value < 10_000 for p in rss), [p.value for p in rss])
        speed = self.history(run.run_id, "system/samples_per_second", unspecified)
        self.assertTrue(speed and all(p.value > 0 for p in speed))
        self.assertEqual([], list(self.history(run.run_id, "system/gpu_0/utilization_percent", unspecified)),
                         "no GPU on this machine: no GPU series")

    def test_images_tables_and_errors_are_artifacts_with_their_captions(self):
        with ratchet.start_run(experiment=self.experiment, capture_context=False, system_metrics=False) as run:
            ratchet.log_image([[0, 255], [255, 0]], "samples", step=3, caption="sample 17, label=cat, augmented: flip")
            ratchet.log_images([[[(255, 0, 0)]], [[(0, 0, 255)]]], "augmented", captions=["red", "blue"])
            ratchet.log_table([{"epoch": 1, "loss": 0.5}, {"epoch": 2, "loss": 0.25}], "history")
            worst = ratchet.log_errors(["cat", "dog", "cat"], [[0.9, 0.1], [0.8, 0.2], [0.3, 0.7]], ["cat", "dog"],
                                       inputs=[{"x": 1}, {"x": 2}, {"x": 3}], images=[[[0]], [[128]], [[255]]],
                                       ids=["a", "b", "c"])
        self.assertEqual([1, 2], worst, "the lowest probability of the true label first: b (0.2), then c (0.3)")
        listed = self.tracking.call("ListArtifacts", pb.ListArtifactsRequest(run_id=run.run_id),
                                    pb.ListArtifactsResponse).artifacts
        shown = {a.path: (a.image, a.caption, a.content_type) for a in listed}
        self.assertEqual((True, "sample 17, label=cat, augmented: flip", "image/png"),
                         shown["images/samples/step-3.png"])
        self.assertEqual((True, "blue", "image/png"), shown["images/augmented/step-0-1.png"])
        self.assertEqual((False, "", "text/csv"), shown["tables/history.csv"])
        self.assertEqual((True, "row b: label=dog, predicted=cat (p=0.80)", "image/png"),
                         shown["images/errors/step-0-0.png"])
        self.assertEqual(b"row,label,predicted,p_label,p_predicted,x\nb,dog,cat,0.2,0.8,2\nc,cat,dog,0.3,0.7,3\n",
                         self.tracking.download(run.run_id, "tables/errors.csv"))

    def test_system_metrics_can_be_turned_off(self):
        os.environ["RATCHET_SYSTEM_METRICS"] = "false"
        try:
            with ratchet.start_run(experiment=self.experiment, capture_context=False,
                                   system_metrics_interval=0.1) as run:
                time.sleep(0.5)
        finally:
            del os.environ["RATCHET_SYSTEM_METRICS"]
        unspecified = metrics_pb2.METRIC_CONTEXT_UNSPECIFIED
        self.assertEqual([], list(self.history(run.run_id, "system/cpu_percent", unspecified)))

    def test_an_exception_in_the_block_fails_the_run_with_the_reason(self):
        with self.assertRaises(ZeroDivisionError):
            with ratchet.start_run(experiment=self.experiment, name="broken", capture_context=False) as run:
                ratchet.log_metrics({"loss": 0.9}, step=1, context="train")
                _ = 1 / 0
        view = self.run_view(run.run_id)
        self.assertEqual(pb.RUN_STATUS_FAILED, view.status)
        self.assertEqual(1, len(self.history(run.run_id, "loss", metrics_pb2.METRIC_CONTEXT_TRAIN)))

    def test_a_batch_sent_twice_is_stored_once(self):
        with ratchet.start_run(experiment=self.experiment, capture_context=False) as run:
            ratchet.log_metrics({"acc": 0.8}, step=1, context="validation")
            batch = list(run._points)
            run.flush()
            self.tracking.call("LogBatch", pb.LogBatchRequest(run_id=run.run_id, metrics=batch), pb.LogBatchResponse)
        self.assertEqual(1, len(self.history(run.run_id, "acc", metrics_pb2.METRIC_CONTEXT_VALIDATION)))

    def test_under_the_orchestrator_it_logs_to_the_given_run_and_leaves_its_status_alone(self):
        with ratchet.start_run(experiment=self.experiment, capture_context=False) as outer:
            os.environ["RATCHET_RUN_ID"] = outer.run_id
            try:
                # a separate client, as in a job: logs to the run it was given, ends nothing
                job = ratchet.Run(Tracking(TARGET), outer.run_id, owns_run=False)
                job.log_metrics({"loss": 0.5}, step=1, context="train")
                job.end()
                self.assertEqual(pb.RUN_STATUS_RUNNING, self.run_view(outer.run_id).status)
            finally:
                del os.environ["RATCHET_RUN_ID"]
        self.assertEqual(pb.RUN_STATUS_FINISHED, self.run_view(outer.run_id).status)

    def test_bad_input_is_refused_with_what_to_fix(self):
        with ratchet.start_run(experiment=self.experiment, capture_context=False):
            with self.assertRaises(ValueError):
                ratchet.log_metrics({"loss": 1.0}, context="training")
            ratchet.log_params({"C": 1.0})
            with self.assertRaises(grpc.RpcError) as refused:
                ratchet.log_params({"C": 2.0})
            self.assertEqual(grpc.StatusCode.INVALID_ARGUMENT, refused.exception.code())
        with self.assertRaises(RuntimeError):
            ratchet.log_params({"C": 1.0})


if __name__ == "__main__":
    unittest.main()
