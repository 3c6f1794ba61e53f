package dev.ratchet.cli;

/** A series as one line of block characters, for a curve at a glance in a terminal. */
final class Sparkline {
    private static final char[] BLOCKS = {'▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'};

    private Sparkline() {}

    /** At most {@code width} characters: longer series are sampled evenly; NaN and infinities are blanks. */
    static String of(double[] values, int width) {
        int n = Math.min(values.length, width);
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (Double.isFinite(v)) {
                low = Math.min(low, v);
                high = Math.max(high, v);
            }
        }
        StringBuilder line = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            double v = values[(int) ((long) i * values.length / n)];
            if (!Double.isFinite(v)) {
                line.append(' ');
            } else {
                int level = high == low
                        ? BLOCKS.length / 2
                        : (int) Math.round((v - low) / (high - low) * (BLOCKS.length - 1));
                line.append(BLOCKS[level]);
            }
        }
        return line.toString();
    }
}
