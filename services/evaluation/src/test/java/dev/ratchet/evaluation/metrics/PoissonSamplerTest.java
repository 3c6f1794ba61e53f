package dev.ratchet.evaluation.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The sampler's mean and variance match the Poisson distribution's on both of its branches. */
class PoissonSamplerTest {
    @Test
    void meanAndVarianceEqualTheMeanOnBothBranches() {
        for (double mean : new double[] {0.5, 3, 9.9, 10, 47.5, 1e6}) {
            PoissonSampler sampler = new PoissonSampler(1);
            PoissonSampler.Mean prepared = PoissonSampler.prepare(mean);
            int n = 200_000;
            double sum = 0;
            double squares = 0;
            for (int i = 0; i < n; i++) {
                long k = sampler.next(prepared);
                sum += k;
                squares += (double) k * k;
            }
            double m = sum / n;
            double variance = squares / n - m * m;
            // standard error of the mean: √(mean/n); of the variance ≈ mean·√(2/n) for large means
            assertEquals(mean, m, 5 * Math.sqrt(mean / n), "mean for λ = " + mean);
            assertEquals(
                    mean,
                    variance,
                    5 * mean * Math.sqrt(2.0 / n) + 5 * Math.sqrt(mean / n),
                    "variance for λ = " + mean);
        }
    }
}
