package dev.ratchet.orchestrator.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.hipparchus.linear.RealMatrix;

/**
 * CMA-ES (Hansen, "The CMA Evolution Strategy: A Tutorial", 2016, default parameters, with the
 * active covariance update; its state follows the cmaes library's — which Optuna drives — to 1e-10
 * in CmaEsSamplerTest) over the
 * numeric parameters, scaled to [0, 1] (log scale for log parameters), starting at the centre
 * with σ0 = 1/6 as Optuna does. Trial n belongs to generation n / λ. Written as ask/tell by
 * replay: the state is rebuilt from the completed generations on every suggestion, so nothing
 * lives only in memory and a restarted study continues exactly (Hipparchus' CMAESOptimizer owns
 * its loop and cannot be driven one trial at a time). Categorical and conditional parameters, and
 * spaces with one numeric parameter, are sampled at random, as in Optuna.
 */
public final class CmaEsSampler implements Sampler {
    private static final int RESAMPLES = 100;

    private final long seed;

    public CmaEsSampler(long seed) {
        this.seed = seed;
    }

    /**
     * No: its generations are numbered by trial, and a warm start is its own method (WS-CMA-ES: a
     * mean and covariance fitted to the best earlier trials), not built here.
     */
    @Override
    public boolean learnsFromOtherStudies() {
        return false;
    }

    @Override
    public Map<String, Object> suggest(SearchSpace space, List<Trial> completed, int trialNumber) {
        List<Param> numeric = space.params().stream()
                .filter(p -> p.condition() == null && !(p instanceof Param.CategoricalParam))
                .toList();
        SplittableRandom random = Seeds.forTrial(seed, trialNumber);
        if (numeric.size() < 2) {
            return space.sampleUniformly(random);
        }
        State state = new State(numeric.size());
        List<Trial> byNumber = new ArrayList<>(completed);
        byNumber.sort(Comparator.comparingInt(Trial::number));
        int generation = trialNumber / state.lambda;
        for (int g = 0; g < generation; g++) {
            List<Trial> members = new ArrayList<>();
            for (Trial t : byNumber) {
                if (t.number() / state.lambda == g) {
                    members.add(t);
                }
            }
            if (members.size() == state.lambda) { // a generation still running does not update
                double[][] xs = new double[members.size()][];
                double[] losses = new double[members.size()];
                for (int i = 0; i < members.size(); i++) {
                    xs[i] = toUnit(numeric, members.get(i).params());
                    losses[i] = members.get(i).loss();
                }
                state.tell(xs, losses);
            }
        }
        double[] x = state.ask(random.split());
        return space.sample((param, soFar) -> {
            int d = numeric.indexOf(param);
            return d >= 0
                    ? SearchSpace.fromUnit(param, Math.min(x[d], Math.nextDown(1.0)))
                    : SearchSpace.uniform(param, random);
        });
    }

    private static double[] toUnit(List<Param> params, Map<String, Object> values) {
        double[] x = new double[params.size()];
        for (int d = 0; d < params.size(); d++) {
            x[d] = SearchSpace.toUnit(params.get(d), values.get(params.get(d).name()));
        }
        return x;
    }

    /** The strategy's state and its default parameters for dimension n. */
    static final class State {
        final int n;
        final int lambda;
        final int mu;
        final double[] weights;
        final double weightSum;
        final double muEff;
        final double cSigma;
        final double dSigma;
        final double cC;
        final double c1;
        final double cMu;
        final double chiN;
        double[] mean;
        double sigma = 1.0 / 6;
        double[][] c;
        double[] pSigma;
        double[] pC;
        double[][] b;
        double[] d;
        int generations;

        State(int n) {
            this.n = n;
            lambda = 4 + (int) Math.floor(3 * Math.log(n));
            mu = lambda / 2;
            // Hansen's (2016) weights over the whole population: positive for the better half (summing
            // to 1), negative for the worse (active CMA, as the cmaes library Optuna drives), scaled so
            // the covariance stays positive definite
            double[] prime = new double[lambda];
            double positive = 0;
            double negative = 0;
            double positiveSquares = 0;
            double negativeSquares = 0;
            for (int i = 0; i < lambda; i++) {
                prime[i] = Math.log((lambda + 1) / 2.0) - Math.log(i + 1);
                if (i < mu) {
                    positive += prime[i];
                    positiveSquares += prime[i] * prime[i];
                } else {
                    negative += prime[i];
                    negativeSquares += prime[i] * prime[i];
                }
            }
            muEff = positive * positive / positiveSquares;
            double muEffMinus = negative * negative / negativeSquares;
            cSigma = (muEff + 2) / (n + muEff + 5);
            dSigma = 1 + 2 * Math.max(0, Math.sqrt((muEff - 1) / (n + 1)) - 1) + cSigma;
            cC = (4 + muEff / n) / (n + 4 + 2 * muEff / n);
            c1 = 2 / ((n + 1.3) * (n + 1.3) + muEff);
            cMu = Math.min(1 - c1 - 1e-8, 2 * (muEff - 2 + 1 / muEff) / ((n + 2) * (n + 2) + muEff));
            double alphaMinus =
                    Math.min(1 + c1 / cMu, Math.min(1 + 2 * muEffMinus / (muEff + 2), (1 - c1 - cMu) / (n * cMu)));
            weights = new double[lambda];
            double positiveSum = 0;
            double negativeSum = 0;
            for (double w : prime) {
                if (w > 0) {
                    positiveSum += w;
                } else {
                    negativeSum -= w;
                }
            }
            double total = 0;
            for (int i = 0; i < lambda; i++) {
                weights[i] = prime[i] >= 0 ? prime[i] / positiveSum : alphaMinus * prime[i] / negativeSum;
                total += weights[i];
            }
            weightSum = total;
            chiN = Math.sqrt(n) * (1 - 1.0 / (4 * n) + 1.0 / (21.0 * n * n));
            mean = new double[n];
            Arrays.fill(mean, 0.5);
            c = identity(n);
            b = identity(n);
            d = new double[n];
            Arrays.fill(d, 1);
            pSigma = new double[n];
            pC = new double[n];
        }

        /** m + σ·B·D·z, resampled while outside [0, 1]^n, then clipped. */
        double[] ask(SplittableRandom random) {
            double[] x = new double[n];
            for (int attempt = 0; attempt < RESAMPLES; attempt++) {
                double[] z = new double[n];
                for (int i = 0; i < n; i++) {
                    z[i] = random.nextGaussian();
                }
                boolean inside = true;
                for (int i = 0; i < n; i++) {
                    double y = 0;
                    for (int j = 0; j < n; j++) {
                        y += b[i][j] * d[j] * z[j];
                    }
                    x[i] = mean[i] + sigma * y;
                    inside &= x[i] >= 0 && x[i] <= 1;
                }
                if (inside) {
                    return x;
                }
            }
            for (int i = 0; i < n; i++) {
                x[i] = Math.max(0, Math.min(1, x[i]));
            }
            return x;
        }

        /**
         * One generation's points and losses: the updates of Hansen's tutorial, (μ/μ_w, λ) with c_m = 1
         * and the active rank-μ update (the worse half's negative weights, their steps rescaled by
         * n / ‖C^-1/2 y‖²), as the cmaes library.
         */
        void tell(double[][] xs, double[] losses) {
            Integer[] order = new Integer[xs.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            Arrays.sort(order, Comparator.comparingDouble(i -> losses[i]));
            double[][] y = new double[lambda][n];
            double[] yw = new double[n];
            for (int k = 0; k < lambda; k++) {
                for (int i = 0; i < n; i++) {
                    y[k][i] = (xs[order[k]][i] - mean[i]) / sigma;
                    if (k < mu) {
                        yw[i] += weights[k] * y[k][i];
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                mean[i] += sigma * yw[i];
            }
            double[] whitened = inverseSqrtC(yw);
            double norm = 0;
            for (int i = 0; i < n; i++) {
                pSigma[i] = (1 - cSigma) * pSigma[i] + Math.sqrt(cSigma * (2 - cSigma) * muEff) * whitened[i];
                norm += pSigma[i] * pSigma[i];
            }
            norm = Math.sqrt(norm);
            generations++;
            // 2·(g + 1) with g already counting this generation, as the cmaes library (Hansen's tutorial: 2·g)
            boolean hSigma =
                    norm / Math.sqrt(1 - Math.pow(1 - cSigma, 2.0 * (generations + 1))) < (1.4 + 2.0 / (n + 1)) * chiN;
            for (int i = 0; i < n; i++) {
                pC[i] = (1 - cC) * pC[i] + (hSigma ? Math.sqrt(cC * (2 - cC) * muEff) * yw[i] : 0);
            }
            double[] w = new double[lambda];
            for (int k = 0; k < lambda; k++) {
                if (weights[k] >= 0) {
                    w[k] = weights[k];
                } else {
                    double squared = 0;
                    for (double v : inverseSqrtC(y[k])) {
                        squared += v * v;
                    }
                    w[k] = weights[k] * n / (squared + 1e-8);
                }
            }
            double delta = hSigma ? 0 : cC * (2 - cC);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double rankMu = 0;
                    for (int k = 0; k < lambda; k++) {
                        rankMu += w[k] * y[k][i] * y[k][j];
                    }
                    c[i][j] = (1 + c1 * delta - c1 - cMu * weightSum) * c[i][j] + c1 * pC[i] * pC[j] + cMu * rankMu;
                }
            }
            sigma *= Math.exp((cSigma / dSigma) * (norm / chiN - 1));
            decompose();
        }

        /** C^-1/2 · v = B · D^-1 · Bᵀ · v. */
        private double[] inverseSqrtC(double[] v) {
            double[] bt = new double[n];
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < n; i++) {
                    bt[j] += b[i][j] * v[i];
                }
                bt[j] /= d[j];
            }
            double[] out = new double[n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    out[i] += b[i][j] * bt[j];
                }
            }
            return out;
        }

        /** B and D of C = B·D²·Bᵀ (C symmetrised, negative eigenvalues set to 1e-8), and C rebuilt from them, as cmaes. */
        private void decompose() {
            RealMatrix matrix = new Array2DRowRealMatrix(c);
            EigenDecompositionSymmetric eigen = new EigenDecompositionSymmetric(
                    matrix.add(matrix.transpose()).scalarMultiply(0.5));
            double[] values = eigen.getEigenvalues();
            RealMatrix v = eigen.getV();
            for (int j = 0; j < n; j++) {
                d[j] = Math.sqrt(values[j] < 0 ? 1e-8 : values[j]);
                for (int i = 0; i < n; i++) {
                    b[i][j] = v.getEntry(i, j);
                }
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double sum = 0;
                    for (int k = 0; k < n; k++) {
                        sum += b[i][k] * d[k] * d[k] * b[j][k];
                    }
                    c[i][j] = sum;
                }
            }
        }

        private static double[][] identity(int n) {
            double[][] m = new double[n][n];
            for (int i = 0; i < n; i++) {
                m[i][i] = 1;
            }
            return m;
        }
    }
}
