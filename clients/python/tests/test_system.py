"""The system metrics sampler on a fake /proc, a fake NVML and a fake nvidia-smi: what each series is computed from."""
import os
import stat
import sys
import tempfile
import time
import types
import unittest

from ratchet import system


def write(root, path, text):
    full = os.path.join(root, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w") as f:
        f.write(text)


def proc_tree(root, cpu, process_jiffies, rss_kb, available_kb, read_bytes, received):
    user, idle = cpu
    write(root, "stat", f"cpu  {user} 0 0 {idle} 0 0 0 0 0 0\ncpu0 1 2 3 4 5 6 7 8 9 10\n")
    # the command holds a space and a parenthesis, as a real one may
    write(root, "self/stat", f"4242 (python (train) x) R 1 1 1 0 -1 0 0 0 0 0 {process_jiffies} 0 0 0 20 0 1 0\n")
    write(root, "self/status", f"Name:\tpython\nVmPeak:\t  999999 kB\nVmRSS:\t  {rss_kb} kB\n")
    write(root, "meminfo", f"MemTotal:       {4 * 1024 * 1024} kB\nMemFree: 1 kB\nMemAvailable:   {available_kb} kB\n")
    write(root, "self/io", f"rchar: 1\nwchar: 2\nread_bytes: {read_bytes}\nwrite_bytes: {2 * read_bytes}\n")
    write(root, "self/net/dev", "Inter-|   Receive\n face |bytes packets\n"
                                f"    lo: 999999 1 0 0 0 0 0 0 999999 1 0 0 0 0 0 0\n"
                                f"  eth0: {received} 10 0 0 0 0 0 0 {received // 2} 5 0 0 0 0 0 0\n")


class ProcReaderTest(unittest.TestCase):
    def test_rates_and_levels_come_from_the_differences_between_two_reads(self):
        with tempfile.TemporaryDirectory() as root:
            reader = system.ProcReader(root)
            proc_tree(root, cpu=(100, 900), process_jiffies=0, rss_kb=2048, available_kb=1024 * 1024,
                      read_bytes=0, received=1000)
            first = reader.read(now=10.0)
            self.assertNotIn("system/cpu_percent", first, "no rate from one read")
            self.assertEqual(2.0, first["system/memory_rss_mib"])
            self.assertEqual(1024.0, first["system/memory_available_mib"])
            self.assertEqual(75.0, first["system/memory_used_percent"])
            self.assertEqual(0.0, first["system/disk_read_mib"])

            ticks = os.sysconf("SC_CLK_TCK")
            # 300 busy and 100 idle jiffies since the first read: 75 % busy; the process used 2 s of CPU in 4 s
            proc_tree(root, cpu=(400, 1000), process_jiffies=2 * ticks, rss_kb=4096, available_kb=512 * 1024,
                      read_bytes=3 * 1024 * 1024, received=1000 + 5 * 1024 * 1024)
            second = reader.read(now=14.0)
            self.assertAlmostEqual(75.0, second["system/cpu_percent"])
            self.assertAlmostEqual(50.0, second["system/process_cpu_percent"])
            self.assertEqual(4.0, second["system/memory_rss_mib"])
            self.assertEqual(512.0, second["system/memory_available_mib"])
            self.assertEqual(3.0, second["system/disk_read_mib"])
            self.assertEqual(6.0, second["system/disk_write_mib"])
            self.assertEqual(5.0, second["system/network_receive_mib"], "loopback is not network I/O")
            self.assertEqual(2.5, second["system/network_transmit_mib"])

    def test_an_unreadable_io_file_leaves_the_disk_series_out(self):
        with tempfile.TemporaryDirectory() as root:
            proc_tree(root, cpu=(1, 1), process_jiffies=0, rss_kb=1, available_kb=1, read_bytes=0, received=0)
            os.remove(os.path.join(root, "self/io"))
            metrics = system.ProcReader(root).read(now=1.0)
            self.assertNotIn("system/disk_read_mib", metrics)
            self.assertIn("system/memory_rss_mib", metrics)

    def test_this_machine_has_proc_and_the_reader_reads_this_process(self):
        if not system.ProcReader.available():
            self.skipTest("no /proc here")
        metrics = system.machine_reader().read(now=0.0)
        self.assertGreater(metrics["system/memory_rss_mib"], 1.0)


class PsutilReaderTest(unittest.TestCase):
    def test_psutil_gives_the_series_proc_gives_where_there_is_no_proc(self):
        try:
            import psutil
        except ImportError:
            self.skipTest("psutil is not installed (Debian: python3-psutil)")
        reader = system.PsutilReader(psutil)
        sum(i * i for i in range(200_000))
        metrics = reader.read(now=0.0)
        from_proc = system.ProcReader().read(now=0.0) if system.ProcReader.available() else None
        self.assertEqual({"system/cpu_percent", "system/process_cpu_percent", "system/memory_rss_mib",
                          "system/memory_available_mib", "system/memory_used_percent", "system/disk_read_mib",
                          "system/disk_write_mib", "system/network_receive_mib", "system/network_transmit_mib"},
                         set(metrics))
        if from_proc is not None:  # the same process measured both ways
            self.assertAlmostEqual(from_proc["system/memory_rss_mib"], metrics["system/memory_rss_mib"], delta=20)
            self.assertAlmostEqual(from_proc["system/memory_available_mib"], metrics["system/memory_available_mib"],
                                   delta=200)


class FakeNvml(types.ModuleType):
    """The part of pynvml the sampler calls, answering for two GPUs."""
    NVML_TEMPERATURE_GPU = 0

    def __init__(self):
        super().__init__("pynvml")
        self.shut_down = False

    def nvmlInit(self):
        pass

    def nvmlShutdown(self):
        self.shut_down = True

    def nvmlDeviceGetCount(self):
        return 2

    def nvmlDeviceGetHandleByIndex(self, i):
        return f"gpu{i}"

    def nvmlDeviceGetUtilizationRates(self, handle):
        return types.SimpleNamespace(gpu={"gpu0": 87, "gpu1": 3}[handle], memory=40)

    def nvmlDeviceGetMemoryInfo(self, handle):
        used = {"gpu0": 6 * 1024 ** 3, "gpu1": 1024 ** 3}[handle]
        return types.SimpleNamespace(used=used, total=8 * 1024 ** 3, free=8 * 1024 ** 3 - used)

    def nvmlDeviceGetTemperature(self, handle, sensor):
        assert sensor == self.NVML_TEMPERATURE_GPU
        return {"gpu0": 71, "gpu1": 35}[handle]


class GpuTest(unittest.TestCase):
    def test_nvml_answers_become_one_series_per_device(self):
        nvml = FakeNvml()
        sys.modules["pynvml"] = nvml
        try:
            gpus = system.gpus()
        finally:
            del sys.modules["pynvml"]
        self.assertIsInstance(gpus, system.NvmlGpus)
        metrics = gpus.read()
        self.assertEqual({"system/gpu_0/utilization_percent": 87.0, "system/gpu_0/memory_used_mib": 6144.0,
                          "system/gpu_0/memory_used_percent": 75.0, "system/gpu_0/temperature_c": 71.0,
                          "system/gpu_1/utilization_percent": 3.0, "system/gpu_1/memory_used_mib": 1024.0,
                          "system/gpu_1/memory_used_percent": 12.5, "system/gpu_1/temperature_c": 35.0}, metrics)
        gpus.close()
        self.assertTrue(nvml.shut_down)

    def test_without_nvml_nvidia_smi_answers_and_without_either_there_are_no_gpu_series(self):
        with tempfile.TemporaryDirectory() as bin_dir:
            saved = os.environ["PATH"]
            os.environ["PATH"] = bin_dir
            try:
                self.assertIsNone(system.gpus(), "no NVML, no nvidia-smi: no GPU reader")
                smi = os.path.join(bin_dir, "nvidia-smi")
                with open(smi, "w") as f:
                    f.write("#!/bin/sh\n"
                            "[ \"$1\" = '--query-gpu=index,utilization.gpu,memory.used,memory.total,temperature.gpu' ]"
                            " || exit 9\n"
                            "echo '0, 55, 2048, 8192, 64'\necho '1, [N/A], 512, 8192, 40'\n")
                os.chmod(smi, os.stat(smi).st_mode | stat.S_IEXEC)
                gpus = system.gpus()
            finally:
                os.environ["PATH"] = saved
            self.assertIsInstance(gpus, system.NvidiaSmiGpus)
            self.assertEqual({"system/gpu_0/utilization_percent": 55.0, "system/gpu_0/memory_used_mib": 2048.0,
                              "system/gpu_0/temperature_c": 64.0, "system/gpu_0/memory_used_percent": 25.0,
                              "system/gpu_1/memory_used_mib": 512.0, "system/gpu_1/temperature_c": 40.0,
                              "system/gpu_1/memory_used_percent": 6.25}, gpus.read(),
                             "a field nvidia-smi cannot read ([N/A]) is left out, not logged as 0")


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


class Reader:
    def __init__(self):
        self.reads = 0

    def read(self, now):
        self.reads += 1
        return {"system/memory_rss_mib": 10.0 * self.reads}


class Broken:
    def read(self):
        raise OSError("the driver went away")

    def close(self):
        pass


class SamplerTest(unittest.TestCase):
    def test_samples_are_numbered_steps_with_a_training_speed_and_a_broken_source_does_not_stop_them(self):
        logged = []
        clock = Clock()
        sampler = system.SystemMetrics(lambda metrics, step: logged.append((step, metrics)), interval=3600,
                                       reader=Reader(), gpu_reader=Broken(), clock=clock)
        sampler.start()
        clock.now += 2
        sampler.count(300)
        sampler.count(100)
        first = sampler.sample()
        self.assertEqual(200.0, first["system/samples_per_second"])
        clock.now += 4
        sampler.count(100)
        sampler.stop()  # the last sample
        self.assertEqual([0, 1], [step for step, _ in logged])
        self.assertEqual(25.0, logged[1][1]["system/samples_per_second"])
        self.assertEqual(20.0, logged[0][1]["system/memory_rss_mib"], "the first read at start is the baseline")
        self.assertEqual(["Broken: the driver went away"] * 2, sampler.errors)

    def test_the_thread_samples_on_its_own_every_interval(self):
        logged = []
        sampler = system.SystemMetrics(lambda metrics, step: logged.append(step), interval=0.05, reader=Reader())
        sampler.start()
        deadline = 200
        while len(logged) < 3 and deadline:
            deadline -= 1
            time.sleep(0.05)
        sampler.stop()
        self.assertGreaterEqual(len(logged), 4)
        self.assertEqual(list(range(len(logged))), logged)

    def test_a_non_positive_interval_is_refused(self):
        with self.assertRaisesRegex(ValueError, "must be positive"):
            system.SystemMetrics(lambda m, s: None, interval=0)


class PackageTest(unittest.TestCase):
    def test_the_installed_package_carries_its_messages_and_its_major_version_is_the_protos_api_version(self):
        import importlib.metadata

        import ratchet
        from ratchet.tracking.v1 import tracking_service_pb2

        self.assertEqual(importlib.metadata.version("ratchet-client"), ratchet.__version__)
        self.assertEqual("ratchet.tracking.v1", tracking_service_pb2.DESCRIPTOR.package)
        self.assertEqual("1", ratchet.__version__.split(".")[0])
        self.assertTrue(os.path.exists(os.path.join(os.path.dirname(ratchet.__file__), "py.typed")))


if __name__ == "__main__":
    unittest.main()
