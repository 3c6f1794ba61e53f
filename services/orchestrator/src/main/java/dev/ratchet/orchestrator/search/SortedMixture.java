package dev.ratchet.orchestrator.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One numeric dimension's Parzen mixture (univariate TPE, Optuna 3.1's rules) with its observation
 * kernels held in the order of their means, so that a density sums only the kernels near x. Built
 * from observations already in value order — {@link TpeHistory} keeps them sorted between
 * suggestions —, plus the prior kernel at the midpoint spanning the range. Kernels with the same
 * mean and bandwidth (repeated integer values) are merged into one with their summed weight.
 */
final class SortedMixture {
    /**
     * A kernel further than this many of its level's widest bandwidth from x adds at most 100·e^-40
     * of the prior's term per unit of its weight (a bandwidth is at least 1/100 of the range): a
     * relative error under 1e-12 with 5,000 kernels.
     */
    static final double WINDOW = 9;

    private static final double SQRT_2PI = Math.sqrt(2 * Math.PI);

    private final ParzenEstimator.Dimension dim;
    private final Level[] levels;
    private final double priorMu;
    private final double priorSigma;
    /** The prior's weight over its truncated mass. */
    private final double priorCoefficient;

    /**
     * The kernels with the narrowest bandwidth, or with bandwidths within a factor of two of each
     * other, in value order: a density visits, per level, only the kernels within WINDOW of that
     * level's widest bandwidth.
     * (TPE's own history packs thousands of narrow kernels near the optimum and a few wide ones
     * elsewhere; one window for all, set by the widest, would visit them all.)
     */
    private static final class Level {
        final double[] mu;
        final double[] sigma;
        /** A kernel's weight over its truncated mass. */
        final double[] coefficient;

        double widest;

        Level(int size) {
            mu = new double[size];
            sigma = new double[size];
            coefficient = new double[size];
        }

        /** The first kernel whose mean is at or above v. */
        int lowerBound(double v) {
            int i = Arrays.binarySearch(mu, v);
            if (i < 0) {
                return -i - 1;
            }
            while (i > 0 && mu[i - 1] == v) {
                i--;
            }
            return i;
        }
    }

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
        // kernels with the same mean and bandwidth (repeated integer values) merge, their weights summed
        double[] mu = new double[n];
        double[] sigma = new double[n];
        double[] weight = new double[n];
        int groups = 0;
        double narrowest = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            if (groups > 0 && values[i] == mu[groups - 1] && bandwidths[i] == sigma[groups - 1]) {
                weight[groups - 1] += weights[i];
                continue;
            }
            mu[groups] = values[i];
            sigma[groups] = bandwidths[i];
            weight[groups++] = weights[i];
            narrowest = Math.min(narrowest, bandwidths[i]);
        }
        int[] level = new int[groups];
        int[] sizes = new int[Double.MAX_EXPONENT + 2];
        for (int g = 0; g < groups; g++) {
            // the narrowest (most are: clipped to range / 100) on their own, the rest by powers of two
            level[g] = sigma[g] == narrowest ? 0 : 1 + Math.getExponent(sigma[g] / narrowest);
            sizes[level[g]]++;
        }
        List<Level> built = new ArrayList<>();
        for (int l = 0; l < sizes.length; l++) {
            if (sizes[l] == 0) {
                continue;
            }
            Level into = new Level(sizes[l]);
            int at = 0;
            for (int g = 0; g < groups; g++) {
                if (level[g] == l) {
                    into.mu[at] = mu[g];
                    into.sigma[at] = sigma[g];
                    into.coefficient[at++] =
                            weight[g] / total / Math.exp(Normal.logMassInside(dim.low(), dim.high(), mu[g], sigma[g]));
                    into.widest = Math.max(into.widest, sigma[g]);
                }
            }
            built.add(into);
        }
        levels = built.toArray(Level[]::new);
        priorMu = 0.5 * (dim.low() + dim.high());
        priorSigma = dim.high() - dim.low();
        priorCoefficient = ParzenEstimator.PRIOR_WEIGHT
                / total
                / Math.exp(Normal.logMassInside(dim.low(), dim.high(), priorMu, priorSigma));
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

    /**
     * log of the density (probability mass for a stepped dimension) at x; the prior is always summed.
     * Summed as plain numbers, without log-sum-exp's logs and maximum: every kernel visited lies
     * within WINDOW bandwidths of x, so its term is at least e^-40.5 of its coefficient — far from
     * underflow.
     */
    double logPdf(double x) {
        double sum = priorCoefficient * kernel(x, priorMu, priorSigma);
        for (Level level : levels) {
            int to = level.lowerBound(x + WINDOW * level.widest + Double.MIN_VALUE);
            for (int i = level.lowerBound(x - WINDOW * level.widest); i < to; i++) {
                sum += level.coefficient[i] * kernel(x, level.mu[i], level.sigma[i]);
            }
        }
        return Math.log(sum);
    }

    /** The kernel's density at x before truncation (its probability mass around x for a stepped dimension). */
    private double kernel(double x, double m, double s) {
        if (dim.step() > 0) {
            return Normal.cdf(Math.min(dim.high(), x + dim.step() / 2), m, s)
                    - Normal.cdf(Math.max(dim.low(), x - dim.step() / 2), m, s);
        }
        double z = (x - m) / s;
        return Math.exp(-0.5 * z * z) / SQRT_2PI; // not divided by sigma: see ParzenEstimator
    }
}
