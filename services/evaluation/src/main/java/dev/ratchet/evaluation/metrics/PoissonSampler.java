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

    long next(double mean) {
        if (mean <= 0) {
            return 0;
        }
        return mean < 10 ? multiplication(mean) : transformedRejection(mean);
    }

    private long multiplication(double mean) {
        double limit = Math.exp(-mean);
        long k = 0;
        double product = random.nextDouble();
        while (product > limit) {
            k++;
            product *= random.nextDouble();
        }
        return k;
    }

    private long transformedRejection(double mean) {
        double root = Math.sqrt(mean);
        double logMean = Math.log(mean);
        double b = 0.931 + 2.53 * root;
        double a = -0.059 + 0.02483 * b;
        double inverseAlpha = 1.1239 + 1.1328 / (b - 3.4);
        double vr = 0.9277 - 3.6224 / (b - 2);
        while (true) {
            double u = random.nextDouble() - 0.5;
            double v = random.nextDouble();
            double us = 0.5 - Math.abs(u);
            long k = (long) Math.floor((2 * a / us + b) * u + mean + 0.43);
            if (us >= 0.07 && v <= vr) {
                return k;
            }
            if (k < 0 || (us < 0.013 && v > us)) {
                continue;
            }
            if (Math.log(v) + Math.log(inverseAlpha) - Math.log(a / (us * us) + b)
                    <= -mean + k * logMean - Gamma.logGamma(k + 1)) {
                return k;
            }
        }
    }
}
