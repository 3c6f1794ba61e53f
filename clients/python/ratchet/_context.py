"""What a run ran on and from: git, the machine, Python and its packages, the process's resources."""
import os
import platform
import resource
import subprocess
import sys

from ratchet.tracking.v1 import tracking_service_pb2 as pb

_PACKAGES = ("grpcio", "protobuf", "numpy", "scipy", "scikit-learn", "pandas", "xgboost", "torch")


def git(directory="."):
    def run(*args):
        try:
            out = subprocess.run(("git",) + args, cwd=directory, capture_output=True, text=True, timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            return None
        return out.stdout.strip() if out.returncode == 0 else None

    commit = run("rev-parse", "HEAD")
    if commit is None:
        return None
    return pb.GitSource(commit=commit, branch=run("rev-parse", "--abbrev-ref", "HEAD") or "",
                        remote=run("config", "--get", "remote.origin.url") or "",
                        dirty=bool(run("status", "--porcelain", "--untracked-files=no")))


def environment():
    """The machine and software; tracking redacts environment variables whose names look secret."""
    return pb.Environment(os=f"{platform.system()} {platform.release()} ({platform.machine()})",
                          cpu=f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores",
                          runtime=f"Python {platform.python_version()}",
                          packages=_package_versions(), variables=dict(os.environ))


def system_metrics():
    """The process's CPU seconds and peak memory so far, as `system/` metrics."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {"system/cpu_seconds": usage.ru_utime + usage.ru_stime, "system/max_rss_mib": usage.ru_maxrss / 1024}


def command():
    return " ".join([sys.executable] + sys.argv)


def _package_versions():
    try:
        from importlib.metadata import PackageNotFoundError, version
    except ImportError:
        return {}
    found = {}
    for name in _PACKAGES:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            pass
    return found
