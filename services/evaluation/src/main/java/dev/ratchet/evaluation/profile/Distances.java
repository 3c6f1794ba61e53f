package dev.ratchet.evaluation.profile;

/**
 * How far apart two distributions over the same bins are, from the bins' counts. No maintained
 * JVM library computes the population stability index, and Jensen–Shannon is three lines more.
 */
final class Distances {
    /** A share of 0 would make PSI infinite; 0.0001 is the usual stand-in. */
    static final double EMPTY_SHARE = 1e-4;

    private Distances() {}

    /** Σ (q − p) · ln(q / p) over the bins' shares, empty bins counted as {@link #EMPTY_SHARE}. */
    static double psi(long[] reference, long[] compared) {
        double[] p = shares(reference);
        double[] q = shares(compared);
        double psi = 0;
        for (int i = 0; i < p.length; i++) {
            double pi = Math.max(p[i], EMPTY_SHARE);
            double qi = Math.max(q[i], EMPTY_SHARE);
            psi += (qi - pi) * Math.log(qi / pi);
        }
        return psi;
    }

    /** The Jensen–Shannon distance in base 2: √((KL(p‖m) + KL(q‖m)) / 2), m = (p + q) / 2; as scipy's. */
    static double jensenShannon(long[] a, long[] b) {
        double[] p = shares(a);
        double[] q = shares(b);
        double divergence = 0;
        for (int i = 0; i < p.length; i++) {
            double m = (p[i] + q[i]) / 2;
            if (p[i] > 0) {
                divergence += p[i] * Math.log(p[i] / m);
            }
            if (q[i] > 0) {
                divergence += q[i] * Math.log(q[i] / m);
            }
        }
        return Math.sqrt(Math.max(0, divergence / 2 / Math.log(2)));
    }

    private static double[] shares(long[] counts) {
        long total = 0;
        for (long count : counts) {
            total += count;
        }
        double[] shares = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            shares[i] = total == 0 ? 0 : (double) counts[i] / total;
        }
        return shares;
    }
}
