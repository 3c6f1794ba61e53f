package dev.ratchet.orchestrator.search;

import java.util.Arrays;

/**
 * One numeric dimension's Parzen mixture (univariate TPE, Optuna 3.1's rules) with its observation
 * kernels held in the order of their means, so that a density sums only the kernels near x. Built
 * from observations already in value order — {@link TpeHistory} keeps them sorted between
 * suggestions —, plus the prior kernel at the midpoint spanning the range. Kernels with the same
 * mean and bandwidth (repeated integer values) are merged into one with their summed weight.
 */
final class SortedMixture {
    /**
     * A kernel further than this many of the widest bandwidths from x adds at most 100·e^-40 of the
     * prior's term (a bandwidth is at least 1/100 of the range, a weight at most the prior's): a
     * relative error under 1e-12 with 5,000 kernels.
     */
    static final double WINDOW = 9;

    private final ParzenEstimator.Dimension dim;
    private final int groups;
    private final double[] mu;
    private final double[] sigma;
    private final double[] logWeight;
    private final double[] logMass;
    private final double widestSigma;
    private final double priorMu;
    private final double priorSigma;
    private final double priorLogWeight;
    private final double priorLogMass;

    /**
     * @param values the n observations in ascending order (ties in kernel order)
     * @param weights their unnormalised weights, in the same order
     */
    SortedMixture(ParzenEstimator.Dimension dim, double[] values, double[] weights, int n) {
        this.dim = dim;
        double[] bandwidths = bandwidths(dim, values, n);
        double total = ParzenEstimator.PRIOR_WEIGHT;
        for (int i = 0; i < n; i++) {
            total += weights[i];
        }
        mu = new double[n];
        sigma = new double[n];
        logWeight = new double[n];
        logMass = new double[n];
        int g = -1;
        double widest = 0;
        for (int i = 0; i < n; i++) {
            if (g >= 0 && values[i] == mu[g] && bandwidths[i] == sigma[g]) {
                logWeight[g] += weights[i]; // summed as weights here, turned into logs below
                continue;
            }
            g++;
            mu[g] = values[i];
            sigma[g] = bandwidths[i];
            logWeight[g] = weights[i];
            logMass[g] = Normal.logMassInside(dim.low(), dim.high(), mu[g], sigma[g]);
            widest = Math.max(widest, sigma[g]);
        }
        groups = g + 1;
        for (int i = 0; i < groups; i++) {
            logWeight[i] = Math.log(logWeight[i] / total);
        }
        widestSigma = widest;
        priorMu = 0.5 * (dim.low() + dim.high());
        priorSigma = dim.high() - dim.low();
        priorLogWeight = Math.log(ParzenEstimator.PRIOR_WEIGHT / total);
        priorLogMass = Normal.logMassInside(dim.low(), dim.high(), priorMu, priorSigma);
    }

    /**
     * Optuna 3.1's bandwidths for n observations in ascending order: each kernel's larger distance to
     * its neighbours among the observations, the prior's midpoint and the range's ends (the first
     * and last kernel look only inward), clipped to [range / min(100, kernels), range].
     */
    static double[] bandwidths(ParzenEstimator.Dimension dim, double[] values, int n) {
        double low = dim.low();
        double high = dim.high();
        double range = high - low;
        double mid = 0.5 * (low + high);
        int prior = n;
        for (int i = 0; i < n; i++) { // the prior comes after observations equal to the midpoint
            if (values[i] > mid) {
                prior = i;
                break;
            }
        }
        double minSigma = range / Math.min(100.0, 1.0 + (n + 1));
        double[] sigma = new double[n];
        for (int m = 0; m <= n; m++) { // m walks the merged order: observations and the prior
            if (m == prior) {
                continue;
            }
            double here = merged(values, prior, mid, m);
            double gap;
            if (m == 0) {
                gap = merged(values, prior, mid, 1) - here;
            } else if (m == n) {
                gap = here - merged(values, prior, mid, n - 1);
            } else {
                gap = Math.max(here - merged(values, prior, mid, m - 1), merged(values, prior, mid, m + 1) - here);
            }
            sigma[m < prior ? m : m - 1] = Math.max(minSigma, Math.min(range, gap));
        }
        return sigma;
    }

    private static double merged(double[] values, int prior, double mid, int m) {
        return m < prior ? values[m] : m == prior ? mid : values[m - 1];
    }

    /** log of the density (probability mass for a stepped dimension) at x; the prior is always summed. */
    double logPdf(double x) {
        int from = lowerBound(x - WINDOW * widestSigma);
        int to = lowerBound(x + WINDOW * widestSigma + Double.MIN_VALUE);
        double[] terms = new double[to - from + 1];
        double max = terms[0] = priorLogWeight + logKernel(x, priorMu, priorSigma) - priorLogMass;
        for (int i = from; i < to; i++) {
            double t = logWeight[i] + logKernel(x, mu[i], sigma[i]) - logMass[i];
            terms[i - from + 1] = t;
            if (t > max) {
                max = t;
            }
        }
        return ParzenEstimator.logSumExp(terms, terms.length, max);
    }

    private double logKernel(double x, double m, double s) {
        if (dim.step() > 0) {
            double p = Normal.cdf(Math.min(dim.high(), x + dim.step() / 2), m, s)
                    - Normal.cdf(Math.max(dim.low(), x - dim.step() / 2), m, s);
            return Math.log(Math.max(p, 1e-300));
        }
        double z = (x - m) / s;
        return -0.5 * z * z - Normal.LOG_SQRT_2PI; // not divided by sigma: see ParzenEstimator
    }

    /** The first group whose mean is at or above v. */
    private int lowerBound(double v) {
        int i = Arrays.binarySearch(mu, 0, groups, v);
        if (i < 0) {
            return -i - 1;
        }
        while (i > 0 && mu[i - 1] == v) {
            i--;
        }
        return i;
    }
}
