package dev.ratchet.orchestrator.search;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.hipparchus.distribution.continuous.NormalDistribution;

/**
 * A mixture of kernels, one per observation plus a prior kernel, over one or more dimensions
 * (Bergstra et al. 2011, with Optuna 3.1's choices; its log densities match Optuna 3.1's
 * {@code _ParzenEstimator.log_pdf} to 1e-12 in ParzenEstimatorTest): numeric dimensions are
 * truncated normals in the (log-)transformed range, with neighbour-distance bandwidths clipped to [range / min(100,
 * 1 + kernels), range] (univariate) or a shared Scott-like bandwidth (multivariate); categorical
 * dimensions put weight 1 on the observed choice plus prior_weight / kernels on every choice.
 */
final class ParzenEstimator {
    private static final NormalDistribution STANDARD = new NormalDistribution();
    static final double PRIOR_WEIGHT = 1.0;
    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

    private final Dimension[] dimensions;
    private final double[] weights;
    private final double[] logWeights;

    /** A dimension in transformed space: numeric (low, high, step 0 for continuous) or categorical (choices > 0). */
    record Dimension(double low, double high, double step, int choices) {
        boolean categorical() {
            return choices > 0;
        }
    }

    /** Per-dimension kernel parameters: mus/sigmas for numeric, probabilities for categorical. */
    private final double[][] mus;
    private final double[][] sigmas;
    private final double[][][] probabilities;
    /** log of each numeric kernel's mass inside [low, high]: computed once, used by every density. */
    private final double[][] logMass;
    /** One numeric dimension: observation kernels by mean, their means, and the widest bandwidth. */
    private int[] byMean;
    private double[] sortedMeans;
    private double widestSigma;
    static final double WINDOW = 9;

    /**
     * @param observations [kernel][dimension] in transformed space (category index for categorical)
     * @param observationWeights one weight per observation (older trials down-weighted)
     * @param multivariate one shared bandwidth per dimension instead of neighbour distances
     */
    ParzenEstimator(Dimension[] dimensions, double[][] observations, double[] observationWeights, boolean multivariate) {
        this.dimensions = dimensions;
        int n = observations.length;
        int kernels = n + 1;
        weights = new double[kernels];
        double sum = PRIOR_WEIGHT;
        for (int k = 0; k < n; k++) {
            weights[k] = observationWeights[k];
            sum += observationWeights[k];
        }
        weights[n] = PRIOR_WEIGHT;
        logWeights = new double[kernels];
        for (int k = 0; k < kernels; k++) {
            weights[k] /= sum;
            logWeights[k] = Math.log(weights[k]);
        }
        mus = new double[dimensions.length][];
        sigmas = new double[dimensions.length][];
        probabilities = new double[dimensions.length][][];
        logMass = new double[dimensions.length][];
        for (int d = 0; d < dimensions.length; d++) {
            Dimension dim = dimensions[d];
            double[] values = new double[n];
            for (int k = 0; k < n; k++) {
                values[k] = observations[k][d];
            }
            if (dim.categorical()) {
                probabilities[d] = categorical(values, dim.choices(), kernels);
            } else {
                numeric(d, dim, values, multivariate);
            }
        }
    }

    private static double[][] categorical(double[] observed, int choices, int kernels) {
        double[][] p = new double[kernels][choices];
        for (int k = 0; k < kernels; k++) {
            Arrays.fill(p[k], PRIOR_WEIGHT / kernels);
            if (k < observed.length) {
                p[k][(int) observed[k]] += 1;
            }
            double total = 0;
            for (double v : p[k]) {
                total += v;
            }
            for (int c = 0; c < choices; c++) {
                p[k][c] /= total;
            }
        }
        return p;
    }

    private void numeric(int d, Dimension dim, double[] observed, boolean multivariate) {
        int n = observed.length;
        double range = dim.high() - dim.low();
        double[] mu = new double[n + 1];
        double[] sigma = new double[n + 1];
        System.arraycopy(observed, 0, mu, 0, n);
        mu[n] = 0.5 * (dim.low() + dim.high());
        if (multivariate) {
            double s = 0.2 * Math.pow(Math.max(n, 1), -1.0 / (dimensions.length + 4)) * range;
            Arrays.fill(sigma, s);
        } else {
            // kernels ordered by mean (ties by index) with one sort of packed (rank, index) keys
            double[] sortedMus = mu.clone();
            Arrays.sort(sortedMus);
            long[] keys = new long[n + 1];
            for (int k = 0; k <= n; k++) {
                keys[k] = ((long) Arrays.binarySearch(sortedMus, mu[k]) << 32) | k;
            }
            Arrays.sort(keys);
            double[] withEnds = new double[n + 3];
            withEnds[0] = dim.low();
            System.arraycopy(sortedMus, 0, withEnds, 1, n + 1);
            withEnds[n + 2] = dim.high();
            double[] sorted = new double[n + 1];
            for (int i = 0; i <= n; i++) {
                sorted[i] = Math.max(withEnds[i + 1] - withEnds[i], withEnds[i + 2] - withEnds[i + 1]);
            }
            if (withEnds.length >= 4) { // the end kernels look only inward (consider_endpoints=False)
                sorted[0] = withEnds[2] - withEnds[1];
                sorted[n] = withEnds[n + 1] - withEnds[n];
            }
            int[] order = new int[n + 1];
            for (int i = 0; i <= n; i++) {
                order[i] = (int) keys[i];
                sigma[order[i]] = sorted[i];
            }
            if (dimensions.length == 1) {
                byMean = Arrays.stream(order).filter(k -> k != n).toArray();
            }
        }
        double minSigma = range / Math.min(100.0, 1.0 + (n + 1));
        for (int i = 0; i <= n; i++) {
            sigma[i] = Math.max(minSigma, Math.min(range, sigma[i]));
        }
        sigma[n] = range; // the prior kernel spans the whole range
        mus[d] = mu;
        sigmas[d] = sigma;
        if (byMean != null) {
            sortedMeans = new double[byMean.length];
            for (int i = 0; i < byMean.length; i++) {
                sortedMeans[i] = mu[byMean[i]];
                widestSigma = Math.max(widestSigma, sigma[byMean[i]]);
            }
        }
        logMass[d] = new double[n + 1];
        for (int k = 0; k <= n; k++) {
            // a kernel 8 sigmas inside both ends loses under 1e-15 of its mass: skip the two CDFs
            boolean inside = (mu[k] - dim.low()) / sigma[k] > 8 && (dim.high() - mu[k]) / sigma[k] > 8;
            logMass[d][k] = inside ? 0 : Math.log(cdf(dim.high(), mu[k], sigma[k]) - cdf(dim.low(), mu[k], sigma[k]));
        }
    }

    /** A point drawn from the mixture: a kernel by weight, then every dimension from that kernel. */
    double[] sample(SplittableRandom random) {
        double u = random.nextDouble();
        int k = 0;
        double cumulative = weights[0];
        while (u > cumulative && k < weights.length - 1) {
            cumulative += weights[++k];
        }
        double[] x = new double[dimensions.length];
        for (int d = 0; d < dimensions.length; d++) {
            Dimension dim = dimensions[d];
            if (dim.categorical()) {
                double v = random.nextDouble();
                int c = 0;
                double acc = probabilities[d][k][0];
                while (v > acc && c < dim.choices() - 1) {
                    acc += probabilities[d][k][++c];
                }
                x[d] = c;
            } else {
                double lo = cdf(dim.low(), mus[d][k], sigmas[d][k]);
                double hi = cdf(dim.high(), mus[d][k], sigmas[d][k]);
                double p = lo + random.nextDouble() * (hi - lo);
                double z = STANDARD.inverseCumulativeProbability(Math.min(Math.max(p, 1e-300), 1 - 1e-16));
                x[d] = Math.min(dim.high(), Math.max(dim.low(), mus[d][k] + sigmas[d][k] * z));
                if (dim.step() > 0) {
                    x[d] = dim.low() + dim.step() / 2 + Math.round((x[d] - dim.low() - dim.step() / 2) / dim.step())
                            * dim.step();
                }
            }
        }
        return x;
    }

    /*
     * One numeric dimension (univariate): a density needs only the kernels within WINDOW of the
     * widest bandwidth around x, plus the prior. A kernel further out adds at most 100·e^-40 of the
     * prior's term (its bandwidth is at least 1/100 of the range, its weight at most the prior's):
     * a relative error under 1e-12 with 5,000 kernels.
     */

    /**
     * log of the mixture's density (probability mass for discrete dimensions) at x. Terms more than
     * 40 below the largest add less than e^-40 each and are not exponentiated: with thousands of
     * narrow kernels this is most of the saving that keeps a suggestion fast.
     */
    double logPdf(double[] x) {
        if (byMean != null && !dimensions[0].categorical()) {
            return windowedLogPdf(x[0]);
        }
        double max = Double.NEGATIVE_INFINITY;
        double[] terms = new double[weights.length];
        for (int k = 0; k < weights.length; k++) {
            double log = logWeights[k];
            for (int d = 0; d < dimensions.length && log > Double.NEGATIVE_INFINITY; d++) {
                log += logKernel(d, k, x[d]);
            }
            terms[k] = log;
            max = Math.max(max, log);
        }
        return logSumExp(terms, max);
    }

    private double windowedLogPdf(double x) {
        int prior = weights.length - 1;
        int from = lowerBound(x - WINDOW * widestSigma);
        int to = lowerBound(x + WINDOW * widestSigma + Double.MIN_VALUE);
        double[] terms = new double[to - from + 1];
        double max = terms[0] = logWeights[prior] + logKernel(0, prior, x);
        for (int i = from; i < to; i++) {
            int k = byMean[i];
            double t = logWeights[k] + logKernel(0, k, x);
            terms[i - from + 1] = t;
            max = Math.max(max, t);
        }
        return logSumExp(terms, max);
    }

    /** log Σ exp(terms), given their maximum; terms more than 40 below it are not exponentiated. */
    private static double logSumExp(double[] terms, double max) {
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        double sum = 0;
        for (double t : terms) {
            if (t > max - 40) {
                sum += Math.exp(t - max);
            }
        }
        return max + Math.log(sum);
    }

    /** The first position in {@link #sortedMeans} at or above v. */
    private int lowerBound(double v) {
        int i = Arrays.binarySearch(sortedMeans, v);
        if (i < 0) {
            return -i - 1;
        }
        while (i > 0 && sortedMeans[i - 1] == v) {
            i--;
        }
        return i;
    }

    private double logKernel(int d, int k, double x) {
        Dimension dim = dimensions[d];
        if (dim.categorical()) {
            return Math.log(probabilities[d][k][(int) x]);
        }
        double mu = mus[d][k];
        double sigma = sigmas[d][k];
        if (dim.step() > 0) {
            double p = cdf(Math.min(dim.high(), x + dim.step() / 2), mu, sigma)
                    - cdf(Math.max(dim.low(), x - dim.step() / 2), mu, sigma);
            return Math.log(Math.max(p, 1e-300)) - logMass[d][k];
        }
        double z = (x - mu) / sigma;
        // Not divided by sigma, as Optuna 3.1–3.4 evaluate a kernel (optuna#5109, changed in 3.5): a
        // wide kernel — the prior, an isolated observation — weighs more. The reference
        // figures come from that behaviour, and it finds better values on all five benchmarks here.
        return -0.5 * z * z - LOG_SQRT_2PI - logMass[d][k];
    }

    private static double cdf(double x, double mu, double sigma) {
        return STANDARD.cumulativeProbability((x - mu) / sigma);
    }
}
