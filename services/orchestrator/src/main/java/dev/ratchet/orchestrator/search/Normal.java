package dev.ratchet.orchestrator.search;

import org.apache.commons.numbers.gamma.Erf;
import org.apache.commons.numbers.gamma.InverseErf;

/**
 * The standard normal's CDF and quantile as TPE's kernels use them, from Commons Numbers' erf (Boost's
 * rational approximations; Hipparchus' continued fraction took most of a suggestion's time). The CDF is
 * Optuna 3.1's {@code 0.5 * (1 + erf(z / sqrt 2))}, so masses subtract as Optuna's do.
 */
final class Normal {
    private static final double SQRT2 = Math.sqrt(2);
    static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

    private Normal() {}

    static double cdf(double x, double mu, double sigma) {
        return 0.5 * (1 + Erf.value((x - mu) / (sigma * SQRT2)));
    }

    /** The z with cdf(z) = p, for p in (0, 1). */
    static double quantile(double p) {
        return SQRT2 * InverseErf.value(2 * p - 1);
    }

    /**
     * log of the mass of N(mu, sigma) inside [low, high]; 0 without the two CDFs when the kernel lies 8
     * sigmas inside both ends (it loses under 1e-15 of its mass).
     */
    static double logMassInside(double low, double high, double mu, double sigma) {
        double below = (mu - low) / sigma;
        double above = (high - mu) / sigma;
        if (below > 8 && above > 8) {
            return 0;
        }
        // erf(x) is exactly 1 in double precision from x = 6 (8.5 sigmas): one CDF is enough there
        return Math.log((above > 8.5 ? 1 : cdf(high, mu, sigma)) - (below > 8.5 ? 0 : cdf(low, mu, sigma)));
    }
}
