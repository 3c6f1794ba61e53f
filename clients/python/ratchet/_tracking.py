"""Tracking's gRPC methods, called by name with the generated message classes, retried with backoff."""
import time

import grpc

from ratchet.tracking.v1 import tracking_service_pb2 as pb

_SERVICE = "/ratchet.tracking.v1.TrackingService/"
# failures that pass: tracking unreachable or busy, or a run the orchestrator started that tracking
# has not read from Kafka yet
_PASSING = {grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED, grpc.StatusCode.RESOURCE_EXHAUSTED,
            grpc.StatusCode.NOT_FOUND, grpc.StatusCode.ABORTED}


class Tracking:
    """A connection to tracking: one method per RPC the client uses."""

    def __init__(self, target, give_up_after=120.0):
        self._channel = grpc.insecure_channel(target)
        self._give_up_after = give_up_after
        self._methods = {}

    def close(self):
        self._channel.close()

    def call(self, name, request, response_type, retry=True):
        method = self._methods.get(name)
        if method is None:
            method = self._channel.unary_unary(_SERVICE + name, request_serializer=type(request).SerializeToString,
                                               response_deserializer=response_type.FromString)
            self._methods[name] = method
        return self._retrying(lambda: method(request, timeout=30), retry)

    def upload(self, header, chunks):
        """UploadArtifact: a header, then the bytes (client streaming)."""
        method = self._channel.stream_unary(_SERVICE + "UploadArtifact",
                                            request_serializer=pb.UploadArtifactRequest.SerializeToString,
                                            response_deserializer=pb.UploadArtifactResponse.FromString)

        def requests():
            yield pb.UploadArtifactRequest(header=header)
            for chunk in chunks():
                yield pb.UploadArtifactRequest(chunk=chunk)

        return self._retrying(lambda: method(requests(), timeout=300), True)

    def _retrying(self, call, retry):
        deadline = time.monotonic() + self._give_up_after
        wait = 0.1
        while True:
            try:
                return call()
            except grpc.RpcError as e:
                if not retry or e.code() not in _PASSING or time.monotonic() + wait > deadline:
                    raise
            time.sleep(wait)
            wait = min(wait * 2, 5.0)
