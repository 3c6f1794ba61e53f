#!/usr/bin/env bash
# Generates the protobuf message classes from proto/ into ratchet/ (ratchet/events/v1/*_pb2.py, ...).
# Needs protoc (Debian: protobuf-compiler). The client calls gRPC methods by name, so no gRPC plugin.
set -euo pipefail
cd "$(dirname "$0")"
protos=../../proto/src/main/proto
protoc -I "$protos" --python_out=. $(cd "$protos" && find ratchet -name '*.proto' | sort)
