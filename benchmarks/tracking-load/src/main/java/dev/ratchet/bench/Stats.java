package dev.ratchet.bench;

import java.util.Arrays;

/** Percentiles of a sample of durations, in milliseconds. */
record Stats(int n, double median, double p95, double p99) {
    static Stats ofNanos(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new Stats(
                sorted.length,
                ms(percentile(sorted, 0.50)),
                ms(percentile(sorted, 0.95)),
                ms(percentile(sorted, 0.99)));
    }

    /** Nearest-rank percentile. */
    private static long percentile(long[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    String describe() {
        return String.format("median %.2f ms, p95 %.2f ms, p99 %.2f ms (n = %d)", median, p95, p99, n);
    }
}
