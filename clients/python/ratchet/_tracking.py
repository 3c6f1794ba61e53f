"""Tracking's gRPC methods, called by name with the generated message classes, retried with backoff."""
import os
import sys
import time

import grpc

from ratchet import offline
from ratchet.tracking.v1 import tracking_service_pb2 as pb

_SERVICE = "/ratchet.tracking.v1.TrackingService/"
# failures that pass: tracking unreachable or busy, or a run the orchestrator started that tracking
# has not read from Kafka yet
_PASSING = {grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED, grpc.StatusCode.RESOURCE_EXHAUSTED,
            grpc.StatusCode.NOT_FOUND, grpc.StatusCode.ABORTED}
# failures after which a run goes offline (NOT_FOUND is not one: a journal of a run tracking lacks would not sync)
_UNREACHABLE = {grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED}
# the calls a run makes to log; reads (GetRun, ListExperiments, ...) raise instead
_JOURNALED = {"LogBatch", "LogRunContext", "UpdateRun"}


class Tracking:
    """A connection to tracking: one method per RPC the client uses.

    With an offline directory, a logging call that still finds tracking unreachable after `give_up_after`
    seconds of retries puts the run offline: that call and every later one go to the run's journal
    (ratchet.offline), in order, until `python -m ratchet sync` sends them.
    """

    def __init__(self, target, give_up_after=None, offline_dir=None):
        self.target = target
        self._channel = grpc.insecure_channel(target)
        self.give_up_after = float(os.environ.get("RATCHET_RETRY_SECONDS", "120")) if give_up_after is None \
            else give_up_after
        self._offline_dir = offline_dir
        self._methods = {}
        self.journal = None

    def experiment_id(self, name):
        """The id of the experiment called `name`, created when there is none."""
        experiments = self.call("ListExperiments", pb.ListExperimentsRequest(), pb.ListExperimentsResponse)
        for experiment in experiments.experiments:
            if experiment.name == name:
                return experiment.experiment_id
        return self.call("CreateExperiment", pb.CreateExperimentRequest(name=name),
                         pb.CreateExperimentResponse).experiment.experiment_id

    def reachable(self, timeout):
        """Whether tracking answers a connection within `timeout` seconds."""
        try:
            grpc.channel_ready_future(self._channel).result(timeout=timeout)
            return True
        except grpc.FutureTimeoutError:
            return False

    def go_offline(self, run_id, why):
        self.journal = offline.Journal(self._offline_dir, run_id)
        print(f"ratchet: {why}; run {run_id} goes on offline in {self.journal.path} — send it later with "
              f"'python -m ratchet sync'", file=sys.stderr)
        return self.journal

    def close(self):
        self._channel.close()

    def call(self, name, request, response_type, retry=True):
        method = self._methods.get(name)
        if method is None:
            method = self._channel.unary_unary(_SERVICE + name, request_serializer=type(request).SerializeToString,
                                               response_deserializer=response_type.FromString)
            self._methods[name] = method
        if self.journal is not None and name in _JOURNALED:
            self.journal.call(name, request)
            return response_type()
        try:
            return self._retrying(lambda: method(request, timeout=30), retry)
        except grpc.RpcError as e:
            if not self._goes_offline(name, e):
                raise
            self._went_offline(request.run_id)
            self.journal.call(name, request)
            return response_type()

    def upload(self, header, chunks):
        """UploadArtifact: a header, then the bytes (client streaming)."""
        method = self._channel.stream_unary(_SERVICE + "UploadArtifact",
                                            request_serializer=pb.UploadArtifactRequest.SerializeToString,
                                            response_deserializer=pb.UploadArtifactResponse.FromString)

        def requests():
            yield pb.UploadArtifactRequest(header=header)
            for chunk in chunks():
                yield pb.UploadArtifactRequest(chunk=chunk)

        if self.journal is not None:
            self.journal.upload(header, chunks)
            return pb.UploadArtifactResponse(artifact=pb.ArtifactInfo(path=header.path))
        try:
            return self._retrying(lambda: method(requests(), timeout=300), True)
        except grpc.RpcError as e:
            if not self._goes_offline("UploadArtifact", e):
                raise
            self._went_offline(header.run_id)
            return self.upload(header, chunks)

    def _went_offline(self, run_id):
        self.go_offline(run_id, f"tracking at {self.target} did not answer for {self.give_up_after:g} s")

    def _goes_offline(self, name, error):
        return self._offline_dir is not None and error.code() in _UNREACHABLE and (
            name in _JOURNALED or name == "UploadArtifact")

    def download(self, run_id, path):
        """DownloadArtifact: the file's bytes (server streaming: its description, then the chunks)."""
        method = self._channel.unary_stream(_SERVICE + "DownloadArtifact",
                                            request_serializer=pb.DownloadArtifactRequest.SerializeToString,
                                            response_deserializer=pb.DownloadArtifactResponse.FromString)
        parts = method(pb.DownloadArtifactRequest(run_id=run_id, path=path), timeout=300)
        return b"".join(part.chunk for part in parts if part.WhichOneof("part") == "chunk")

    def _retrying(self, call, retry):
        deadline = time.monotonic() + self.give_up_after
        wait = 0.1
        while True:
            try:
                return call()
            except grpc.RpcError as e:
                if not retry or e.code() not in _PASSING or time.monotonic() + wait > deadline:
                    raise
            time.sleep(wait)
            wait = min(wait * 2, 5.0)
