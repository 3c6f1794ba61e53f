package dev.ratchet.evaluation.metrics;

import java.util.SplittableRandom;
import org.hipparchus.special.Gamma;

/**
 * Poisson variates for the bootstrap, seeded. Written here because Hipparchus' sampler took most
 * of an evaluation's time (it was 80 % of the samples in a profile of 1M rows): small means use
 * Knuth's multiplication method; means of 10 and more use Hörmann's transformed rejection (PTRS,
 * 1993), as NumPy does. Both are exact.
 */
final class PoissonSampler {
    private final SplittableRandom random;

    PoissonSampler(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** What a draw needs of its mean, computed once for the many draws a bootstrap makes per cell. */
    static Mean prepare(double mean) {
        if (mean < 10) {
            return new Mean(mean, Math.exp(-mean), 0, 0, 0, 0, 0);
        }
        double b = 0.931 + 2.53 * Math.sqrt(mean);
        return new Mean(
                mean,
                0,
                Math.log(mean),
                b,
                -0.059 + 0.02483 * b,
                Math.log(1.1239 + 1.1328 / (b - 3.4)),
                0.9277 - 3.6224 / (b - 2));
    }

    long next(Mean m) {
        if (m.mean() <= 0) {
            return 0;
        }
        return m.mean() < 10 ? multiplication(m.expMinusMean()) : transformedRejection(m);
    }

    private long multiplication(double limit) {
        long k = 0;
        double product = random.nextDouble();
        while (product > limit) {
            k++;
            product *= random.nextDouble();
        }
        return k;
    }

    private long transformedRejection(Mean m) {
        double mean = m.mean();
        double a = m.a();
        double b = m.b();
        while (true) {
            double u = random.nextDouble() - 0.5;
            double v = random.nextDouble();
            double us = 0.5 - Math.abs(u);
            long k = (long) Math.floor((2 * a / us + b) * u + mean + 0.43);
            if (us >= 0.07 && v <= m.vr()) {
                return k;
            }
            if (k < 0 || (us < 0.013 && v > us)) {
                continue;
            }
            if (Math.log(v) + m.logInverseAlpha() - Math.log(a / (us * us) + b)
                    <= -mean + k * m.logMean() - Gamma.logGamma(k + 1)) {
                return k;
            }
        }
    }

    /** A mean and its constants: e^−mean for the multiplication method, PTRS's log mean, b, a, log(1/α), v_r. */
    record Mean(
            double mean, double expMinusMean, double logMean, double b, double a, double logInverseAlpha, double vr) {}
}
