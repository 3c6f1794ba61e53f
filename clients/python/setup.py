"""Builds the wheel with the message classes generated from ../../proto by protoc (Debian: protobuf-compiler).

The metadata is in pyproject.toml; this file only adds the generation step, so that a user installs the
package and never runs protoc. The client calls gRPC methods by name: no gRPC code generator is needed.
"""
import pathlib
import shutil
import subprocess

from setuptools import setup
from setuptools.command.build_py import build_py

PROTOS = pathlib.Path(__file__).resolve().parent.parent.parent / "proto" / "src" / "main" / "proto"


class BuildPyWithMessages(build_py):
    def run(self):
        super().run()
        if shutil.which("protoc") is None:
            raise SystemExit("protoc is needed to build the Ratchet client (Debian: apt-get install protobuf-compiler)")
        if not PROTOS.is_dir():
            raise SystemExit(f"the protos are not at {PROTOS}: build from a checkout of the Ratchet repository")
        protos = sorted(str(p.relative_to(PROTOS)) for p in PROTOS.rglob("*.proto"))
        subprocess.run(["protoc", "-I", str(PROTOS), "--python_out=" + self.build_lib, *protos], check=True)


setup(cmdclass={"build_py": BuildPyWithMessages})
