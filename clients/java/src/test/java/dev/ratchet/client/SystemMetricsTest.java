package dev.ratchet.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sampler on a fake /proc and a fake nvidia-smi: what each series is computed from, as in Python. */
class SystemMetricsTest {
    @TempDir
    Path proc;

    private void write(String path, String text) throws IOException {
        Path file = proc.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private void procTree(
            long user, long idle, long processTicks, long rssKb, long availableKb, long readBytes, long received)
            throws IOException {
        write("stat", "cpu  " + user + " 0 0 " + idle + " 0 0 0 0 0 0\ncpu0 1 2 3 4 5 6 7 8 9 10\n");
        write("self/stat", "4242 (java (trainer) x) R 1 1 1 0 -1 0 0 0 0 0 " + processTicks + " 0 0 0 20 0 1 0\n");
        write("self/status", "Name:\tjava\nVmRSS:\t  " + rssKb + " kB\n");
        write("meminfo", "MemTotal:       " + 4 * 1024 * 1024 + " kB\nMemAvailable:   " + availableKb + " kB\n");
        write("self/io", "rchar: 1\nread_bytes: " + readBytes + "\nwrite_bytes: " + 2 * readBytes + "\n");
        write(
                "self/net/dev",
                "Inter-|   Receive\n face |bytes packets\n"
                        + "    lo: 999999 1 0 0 0 0 0 0 999999 1 0 0 0 0 0 0\n"
                        + "  eth0: " + received + " 10 0 0 0 0 0 0 " + received / 2 + " 5 0 0 0 0 0 0\n");
    }

    @Test
    void ratesAndLevelsComeFromTheDifferencesBetweenTwoSamples() throws IOException {
        AtomicLong nanos = new AtomicLong(10_000_000_000L);
        SystemMetrics sampler = new SystemMetrics(proc, Optional.empty(), nanos::get);
        procTree(100, 900, 0, 2048, 1024 * 1024, 0, 1000);
        Map<String, Double> first = sampler.sample();
        assertFalse(first.containsKey("system/cpu_percent"), "no rate from one sample");
        assertEquals(2.0, first.get("system/memory_rss_mib"));
        assertEquals(75.0, first.get("system/memory_used_percent"));

        // 300 busy and 100 idle jiffies: 75 % busy; the process used 2 s (200 ticks) of CPU in 4 s
        procTree(400, 1000, 200, 4096, 512 * 1024, 3 * 1024 * 1024, 1000 + 5 * 1024 * 1024);
        nanos.addAndGet(4_000_000_000L);
        sampler.count(1000);
        Map<String, Double> second = sampler.sample();
        assertEquals(75.0, second.get("system/cpu_percent"), 1e-12);
        assertEquals(50.0, second.get("system/process_cpu_percent"), 1e-12);
        assertEquals(4.0, second.get("system/memory_rss_mib"));
        assertEquals(512.0, second.get("system/memory_available_mib"));
        assertEquals(3.0, second.get("system/disk_read_mib"));
        assertEquals(6.0, second.get("system/disk_write_mib"));
        assertEquals(5.0, second.get("system/network_receive_mib"), "loopback is not network I/O");
        assertEquals(2.5, second.get("system/network_transmit_mib"));
        assertEquals(1000 / 4.0, second.get("system/samples_per_second"), 1e-9);
        assertTrue(second.get("system/jvm_heap_used_mib") > 0);
        assertFalse(second.keySet().stream().anyMatch(k -> k.startsWith("system/gpu_")), "no nvidia-smi: no GPU");
    }

    @Test
    void nvidiaSmiAnswersBecomeOneSeriesPerDeviceAndUnreadableFieldsAreLeftOut() throws IOException {
        Path smi = proc.resolve("bin/nvidia-smi");
        Files.createDirectories(smi.getParent());
        Files.writeString(
                smi,
                "#!/bin/sh\n[ \"$1\" = '--query-gpu=" + SystemMetrics.GPU_QUERY + "' ] || exit 9\n"
                        + "echo '0, 55, 2048, 8192, 64'\necho '1, [N/A], 512, 8192, 40'\n");
        Files.setPosixFilePermissions(smi, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, Double> metrics =
                new SystemMetrics(proc.resolve("absent"), Optional.of(smi), System::nanoTime).sample();
        assertEquals(55.0, metrics.get("system/gpu_0/utilization_percent"));
        assertEquals(2048.0, metrics.get("system/gpu_0/memory_used_mib"));
        assertEquals(25.0, metrics.get("system/gpu_0/memory_used_percent"));
        assertEquals(64.0, metrics.get("system/gpu_0/temperature_c"));
        assertFalse(metrics.containsKey("system/gpu_1/utilization_percent"), "[N/A] is left out, not logged as 0");
        assertEquals(6.25, metrics.get("system/gpu_1/memory_used_percent"));
        assertFalse(metrics.containsKey("system/memory_rss_mib"), "no /proc there: no /proc series");
    }
}
