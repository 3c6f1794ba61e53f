"""Live system metrics: a background thread samples the machine, the process and its GPUs every few seconds
and logs them as `system/` series, step = sample number (as MLflow's system metrics are logged).

Sources, without new required dependencies: Linux's /proc; psutil where /proc is absent and psutil is
installed; GPUs through NVIDIA's NVML (pynvml) when it is installed, else `nvidia-smi` when it is on the
PATH, else no GPU series at all.
"""
import os
import shutil
import subprocess
import threading
import time
from typing import Callable, Dict, List, Optional

_MIB = 1024.0 * 1024.0
Metrics = Dict[str, float]


class ProcReader:
    """The machine and this process from /proc (Linux). Counters are turned into rates between calls."""

    def __init__(self, root: str = "/proc", pid: str = "self"):
        self._root = root
        self._pid = pid
        self._last_cpu: Optional[tuple] = None
        self._last_process: Optional[tuple] = None
        self._first_io: Optional[Metrics] = None
        self._first_net: Optional[tuple] = None

    @staticmethod
    def available(root: str = "/proc") -> bool:
        return os.path.exists(os.path.join(root, "stat")) and os.path.exists(os.path.join(root, "meminfo"))

    def read(self, now: float) -> Metrics:
        metrics: Metrics = {}
        self._cpu(metrics)
        self._process_cpu(metrics, now)
        self._memory(metrics)
        self._io(metrics)
        self._network(metrics)
        return metrics

    def _text(self, *path: str) -> Optional[str]:
        try:
            with open(os.path.join(self._root, *path)) as f:
                return f.read()
        except OSError:
            return None

    def _cpu(self, metrics: Metrics) -> None:
        # the first line of /proc/stat: user nice system idle iowait irq softirq steal ... (jiffies)
        text = self._text("stat")
        if text is None:
            return
        fields = [int(v) for v in text.splitlines()[0].split()[1:9]]
        idle, total = fields[3] + fields[4], sum(fields)
        if self._last_cpu is not None and total > self._last_cpu[1]:
            busy = 1.0 - (idle - self._last_cpu[0]) / (total - self._last_cpu[1])
            metrics["system/cpu_percent"] = 100.0 * busy
        self._last_cpu = (idle, total)

    def _process_cpu(self, metrics: Metrics, now: float) -> None:
        text = self._text(self._pid, "stat")
        if text is None:
            return
        # after the command, which is in parentheses and may hold spaces: utime is field 14, stime 15
        fields = text[text.rindex(")") + 2:].split()
        seconds = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        if self._last_process is not None and now > self._last_process[1]:
            metrics["system/process_cpu_percent"] = 100.0 * (seconds - self._last_process[0]) / (
                now - self._last_process[1])
        self._last_process = (seconds, now)

    def _memory(self, metrics: Metrics) -> None:
        status = _fields(self._text(self._pid, "status"))
        if "VmRSS" in status:
            metrics["system/memory_rss_mib"] = status["VmRSS"] / 1024.0  # kB
        meminfo = _fields(self._text("meminfo"))
        if "MemAvailable" in meminfo:
            metrics["system/memory_available_mib"] = meminfo["MemAvailable"] / 1024.0
        if "MemTotal" in meminfo and "MemAvailable" in meminfo:
            metrics["system/memory_used_percent"] = 100.0 * (1 - meminfo["MemAvailable"] / meminfo["MemTotal"])

    def _io(self, metrics: Metrics) -> None:
        io = _fields(self._text(self._pid, "io"))  # unreadable in some containers: then no disk series
        if "read_bytes" not in io:
            return
        if self._first_io is None:
            self._first_io = io
        metrics["system/disk_read_mib"] = (io["read_bytes"] - self._first_io["read_bytes"]) / _MIB
        metrics["system/disk_write_mib"] = (io["write_bytes"] - self._first_io["write_bytes"]) / _MIB

    def _network(self, metrics: Metrics) -> None:
        text = self._text(self._pid, "net", "dev") or self._text("net", "dev")
        if text is None:
            return
        received = sent = 0
        for line in text.splitlines()[2:]:
            name, _, counters = line.partition(":")
            if name.strip() == "lo" or not counters:
                continue
            values = counters.split()
            received += int(values[0])
            sent += int(values[8])
        if self._first_net is None:
            self._first_net = (received, sent)
        metrics["system/network_receive_mib"] = (received - self._first_net[0]) / _MIB
        metrics["system/network_transmit_mib"] = (sent - self._first_net[1]) / _MIB


class PsutilReader:
    """The same series through psutil, for machines without /proc."""

    def __init__(self, psutil):
        self._psutil = psutil
        self._process = psutil.Process()
        self._process.cpu_percent(None)
        psutil.cpu_percent(None)
        self._first_io = self._disk()
        self._first_net = psutil.net_io_counters()

    def _disk(self):
        try:
            return self._process.io_counters()
        except (AttributeError, self._psutil.Error):
            return None

    def read(self, now: float) -> Metrics:
        memory = self._psutil.virtual_memory()
        metrics = {"system/cpu_percent": self._psutil.cpu_percent(None),
                   "system/process_cpu_percent": self._process.cpu_percent(None),
                   "system/memory_rss_mib": self._process.memory_info().rss / _MIB,
                   "system/memory_available_mib": memory.available / _MIB,
                   "system/memory_used_percent": 100.0 * (1 - memory.available / memory.total)}
        io = self._disk()
        if io is not None and self._first_io is not None:
            metrics["system/disk_read_mib"] = (io.read_bytes - self._first_io.read_bytes) / _MIB
            metrics["system/disk_write_mib"] = (io.write_bytes - self._first_io.write_bytes) / _MIB
        net = self._psutil.net_io_counters()
        metrics["system/network_receive_mib"] = (net.bytes_recv - self._first_net.bytes_recv) / _MIB
        metrics["system/network_transmit_mib"] = (net.bytes_sent - self._first_net.bytes_sent) / _MIB
        return metrics


class NvmlGpus:
    """Per-GPU utilisation, memory and temperature through NVIDIA's NVML bindings (pynvml)."""

    def __init__(self, nvml):
        self._nvml = nvml
        nvml.nvmlInit()
        self._handles = [nvml.nvmlDeviceGetHandleByIndex(i) for i in range(nvml.nvmlDeviceGetCount())]

    def read(self) -> Metrics:
        metrics: Metrics = {}
        for i, handle in enumerate(self._handles):
            memory = self._nvml.nvmlDeviceGetMemoryInfo(handle)
            metrics[f"system/gpu_{i}/utilization_percent"] = float(
                self._nvml.nvmlDeviceGetUtilizationRates(handle).gpu)
            metrics[f"system/gpu_{i}/memory_used_mib"] = memory.used / _MIB
            metrics[f"system/gpu_{i}/memory_used_percent"] = 100.0 * memory.used / memory.total
            metrics[f"system/gpu_{i}/temperature_c"] = float(
                self._nvml.nvmlDeviceGetTemperature(handle, self._nvml.NVML_TEMPERATURE_GPU))
        return metrics

    def close(self) -> None:
        self._nvml.nvmlShutdown()


class NvidiaSmiGpus:
    """The same series from `nvidia-smi`'s CSV query, when NVML's Python bindings are not installed."""

    QUERY = "index,utilization.gpu,memory.used,memory.total,temperature.gpu"

    def __init__(self, executable: str):
        self._executable = executable

    def read(self) -> Metrics:
        out = subprocess.run([self._executable, "--query-gpu=" + self.QUERY, "--format=csv,noheader,nounits"],
                             capture_output=True, text=True, timeout=10, check=True).stdout
        metrics: Metrics = {}
        for line in out.strip().splitlines():
            index, utilization, used, total, temperature = [v.strip() for v in line.split(",")]
            for name, value in (("utilization_percent", utilization), ("memory_used_mib", used),
                                ("temperature_c", temperature)):
                if _number(value):
                    metrics[f"system/gpu_{index}/{name}"] = float(value)
            if _number(used) and _number(total) and float(total) > 0:
                metrics[f"system/gpu_{index}/memory_used_percent"] = 100.0 * float(used) / float(total)
        return metrics

    def close(self) -> None:
        pass


def machine_reader():
    """The best reader this machine offers: /proc, else psutil, else None."""
    if ProcReader.available():
        return ProcReader()
    try:
        import psutil
    except ImportError:
        return None
    return PsutilReader(psutil)


def gpus():
    """The GPUs' reader: NVML when its bindings load and find a driver, else nvidia-smi, else None."""
    try:
        import pynvml
        return NvmlGpus(pynvml)
    except Exception:  # not installed, or no driver: NVMLError has no common base to name here
        pass
    executable = shutil.which("nvidia-smi")
    return NvidiaSmiGpus(executable) if executable else None


class SystemMetrics:
    """Samples every `interval` seconds on a daemon thread and hands each sample to `log(metrics, step)`.

    Training speed: report the samples (rows, images, tokens) the loop processed with count(); each sample then
    carries `system/samples_per_second` over the time since the previous one.
    """

    def __init__(self, log: Callable[[Metrics, int], None], interval: float = 10.0, reader=None, gpu_reader=None,
                 clock: Callable[[], float] = time.monotonic):
        if interval <= 0:
            raise ValueError(f"the system metrics interval must be positive, not {interval}")
        self._log = log
        self._interval = interval
        self._reader = reader
        self._gpus = gpu_reader
        self._clock = clock
        self._step = 0
        self._counted = 0
        self._last_counted = (0, clock())
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: Optional[threading.Thread] = None
        self.errors: List[str] = []

    def count(self, samples: int) -> None:
        with self._lock:
            self._counted += samples

    def start(self) -> "SystemMetrics":
        if self._reader is not None:
            self._reader.read(self._clock())  # the baseline for rates; nothing logged at step 0 yet
        self._thread = threading.Thread(target=self._loop, name="ratchet-system-metrics", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stops the thread and takes one last sample, so that a short run has its series too."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
            self.sample()
        if self._gpus is not None:
            self._gpus.close()

    def sample(self) -> Metrics:
        now = self._clock()
        metrics: Metrics = {}
        for source in (self._reader, self._gpus):
            if source is None:
                continue
            try:
                metrics.update(source.read(now) if source is self._reader else source.read())
            except Exception as e:  # a sampler must never break the training it watches
                self.errors.append(f"{type(source).__name__}: {e}")
        with self._lock:
            counted, (before, then) = self._counted, self._last_counted
            if counted > before and now > then:
                metrics["system/samples_per_second"] = (counted - before) / (now - then)
            self._last_counted = (counted, now)
        if metrics:
            self._log(metrics, self._step)
            self._step += 1
        return metrics

    def _loop(self) -> None:
        while not self._stop.wait(self._interval):
            try:
                self.sample()
            except Exception as e:
                self.errors.append(f"log: {e}")


def _fields(text: Optional[str]) -> Dict[str, int]:
    """'Name:   123 kB' lines (/proc/*/status, meminfo) and 'name: 123' lines (/proc/*/io) as numbers."""
    found: Dict[str, int] = {}
    for line in (text or "").splitlines():
        name, _, rest = line.partition(":")
        parts = rest.split()
        if parts and parts[0].isdigit():
            found[name.strip()] = int(parts[0])
    return found


def _number(value: str) -> bool:
    try:
        float(value)
        return True
    except ValueError:
        return False
