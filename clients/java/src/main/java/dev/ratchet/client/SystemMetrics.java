package dev.ratchet.client;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Live system metrics, the same series under the same names as the Python client's: the machine's
 * and the process's CPU, memory, the process's disk I/O and the machine's network traffic from
 * Linux's /proc, NVIDIA GPUs from {@code nvidia-smi} when it is on the PATH, the JVM's heap, and
 * training speed from {@link #count}. Counters become rates between two samples; a source that
 * fails leaves its series out. Not thread-safe: one sampling thread calls {@link #sample}.
 */
public final class SystemMetrics {
    private static final double MIB = 1024.0 * 1024.0;
    /** The clock ticks of /proc's CPU times: Linux fixes them at 100 per second for user space. */
    private static final double USER_HZ = 100.0;

    static final String GPU_QUERY = "index,utilization.gpu,memory.used,memory.total,temperature.gpu";

    private final Path proc;
    private final Optional<Path> nvidiaSmi;
    private final LongSupplier nanoClock;
    private final AtomicLong counted = new AtomicLong();
    private long[] lastCpu;
    private double[] lastProcess;
    private long[] lastCounted;
    private long[] firstIo;
    private long[] firstNet;

    SystemMetrics(Path proc, Optional<Path> nvidiaSmi, LongSupplier nanoClock) {
        this.proc = proc;
        this.nvidiaSmi = nvidiaSmi;
        this.nanoClock = nanoClock;
        this.lastCounted = new long[] {0, nanoClock.getAsLong()};
    }

    /** For this machine: /proc and the nvidia-smi on the PATH, if any. */
    public static SystemMetrics forThisMachine() {
        Optional<Path> smi =
                List.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)).stream()
                        .map(dir -> Path.of(dir, "nvidia-smi"))
                        .filter(Files::isExecutable)
                        .findFirst();
        return new SystemMetrics(Path.of("/proc"), smi, System::nanoTime);
    }

    /** Reports samples (rows, images, tokens) the training loop processed: system/samples_per_second. */
    public void count(long samples) {
        counted.addAndGet(samples);
    }

    /** One sample; the first one holds no rates (they need two). */
    public Map<String, Double> sample() {
        Map<String, Double> metrics = new LinkedHashMap<>();
        long now = nanoClock.getAsLong();
        cpu(metrics);
        processCpu(metrics, now);
        memory(metrics);
        io(metrics);
        network(metrics);
        gpus(metrics);
        Runtime runtime = Runtime.getRuntime();
        metrics.put("system/jvm_heap_used_mib", (runtime.totalMemory() - runtime.freeMemory()) / MIB);
        long total = counted.get();
        if (total > lastCounted[0] && now > lastCounted[1]) {
            metrics.put("system/samples_per_second", (total - lastCounted[0]) / ((now - lastCounted[1]) / 1e9));
        }
        lastCounted = new long[] {total, now};
        return metrics;
    }

    private Optional<String> read(String... path) {
        try {
            return Optional.of(Files.readString(proc.resolve(String.join("/", path)), StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private void cpu(Map<String, Double> metrics) {
        read("stat").ifPresent(text -> {
            String[] fields = text.lines().findFirst().orElse("").trim().split("\\s+");
            long total = 0;
            for (int i = 1; i <= Math.min(8, fields.length - 1); i++) {
                total += Long.parseLong(fields[i]);
            }
            long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
            if (lastCpu != null && total > lastCpu[1]) {
                metrics.put("system/cpu_percent", 100.0 * (1 - (double) (idle - lastCpu[0]) / (total - lastCpu[1])));
            }
            lastCpu = new long[] {idle, total};
        });
    }

    private void processCpu(Map<String, Double> metrics, long now) {
        double seconds = cpuSeconds();
        if (Double.isNaN(seconds)) {
            return;
        }
        if (lastProcess != null && now > lastProcess[1]) {
            double elapsed = (now - lastProcess[1]) / 1e9;
            metrics.put("system/process_cpu_percent", 100.0 * (seconds - lastProcess[0]) / elapsed);
        }
        lastProcess = new double[] {seconds, now};
    }

    /** The process's CPU seconds: /proc/self/stat's utime + stime, else the JVM's own count. */
    private double cpuSeconds() {
        Optional<String> stat = read("self", "stat");
        if (stat.isPresent()) {
            String[] fields =
                    stat.get().substring(stat.get().lastIndexOf(')') + 2).trim().split("\\s+");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / USER_HZ;
        }
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime() / 1e9;
        }
        return Double.NaN;
    }

    private void memory(Map<String, Double> metrics) {
        Map<String, Long> status = fields(read("self", "status"));
        if (status.containsKey("VmRSS")) {
            metrics.put("system/memory_rss_mib", status.get("VmRSS") / 1024.0);
        }
        Map<String, Long> meminfo = fields(read("meminfo"));
        if (meminfo.containsKey("MemAvailable")) {
            metrics.put("system/memory_available_mib", meminfo.get("MemAvailable") / 1024.0);
            if (meminfo.containsKey("MemTotal")) {
                metrics.put(
                        "system/memory_used_percent",
                        100.0 * (1 - (double) meminfo.get("MemAvailable") / meminfo.get("MemTotal")));
            }
        }
    }

    private void io(Map<String, Double> metrics) {
        Map<String, Long> io = fields(read("self", "io"));
        if (!io.containsKey("read_bytes")) {
            return; // unreadable in some containers
        }
        long[] now = {io.get("read_bytes"), io.getOrDefault("write_bytes", 0L)};
        if (firstIo == null) {
            firstIo = now;
        }
        metrics.put("system/disk_read_mib", (now[0] - firstIo[0]) / MIB);
        metrics.put("system/disk_write_mib", (now[1] - firstIo[1]) / MIB);
    }

    private void network(Map<String, Double> metrics) {
        read("self", "net", "dev").or(() -> read("net", "dev")).ifPresent(text -> {
            long received = 0;
            long sent = 0;
            for (String line : text.lines().skip(2).toList()) {
                int colon = line.indexOf(':');
                if (colon < 0 || line.substring(0, colon).trim().equals("lo")) {
                    continue;
                }
                String[] values = line.substring(colon + 1).trim().split("\\s+");
                received += Long.parseLong(values[0]);
                sent += Long.parseLong(values[8]);
            }
            if (firstNet == null) {
                firstNet = new long[] {received, sent};
            }
            metrics.put("system/network_receive_mib", (received - firstNet[0]) / MIB);
            metrics.put("system/network_transmit_mib", (sent - firstNet[1]) / MIB);
        });
    }

    private void gpus(Map<String, Double> metrics) {
        if (nvidiaSmi.isEmpty()) {
            return;
        }
        try {
            Process process = new ProcessBuilder(
                            nvidiaSmi.get().toString(), "--query-gpu=" + GPU_QUERY, "--format=csv,noheader,nounits")
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return;
            }
            for (String line : out.strip().split("\n")) {
                String[] v = line.split(",");
                if (v.length != 5) {
                    continue;
                }
                String prefix = "system/gpu_" + v[0].trim() + "/";
                number(v[1]).ifPresent(x -> metrics.put(prefix + "utilization_percent", x));
                number(v[2]).ifPresent(x -> metrics.put(prefix + "memory_used_mib", x));
                number(v[4]).ifPresent(x -> metrics.put(prefix + "temperature_c", x));
                number(v[2])
                        .flatMap(used -> number(v[3]).filter(t -> t > 0).map(t -> 100.0 * used / t))
                        .ifPresent(x -> metrics.put(prefix + "memory_used_percent", x));
            }
        } catch (IOException e) {
            // nvidia-smi went away: no GPU series this time
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Optional<Double> number(String text) {
        try {
            return Optional.of(Double.parseDouble(text.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty(); // "[N/A]": left out, not logged as 0
        }
    }

    /** "Name:   123 kB" (status, meminfo) and "name: 123" (io) lines as numbers. */
    private static Map<String, Long> fields(Optional<String> text) {
        Map<String, Long> found = new LinkedHashMap<>();
        text.ifPresent(t -> t.lines().forEach(line -> {
            int colon = line.indexOf(':');
            String[] parts =
                    colon < 0 ? new String[0] : line.substring(colon + 1).trim().split("\\s+");
            if (parts.length > 0 && parts[0].matches("\\d+")) {
                found.put(line.substring(0, colon).trim(), Long.parseLong(parts[0]));
            }
        }));
        return found;
    }
}
