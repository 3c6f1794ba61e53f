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
 * CMA-ES (Hansen, "The CMA Evolution Strategy: A Tutorial", 2016, default parameters) over the
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

    @Override
    public Map<String, Object> suggest(SearchSpace space, List<Trial> completed, int trialNumber) {
        List<Param> numeric = space.params().stream()
                .filter(p -> p.condition() == null && !(p instanceof Param.CategoricalParam)).toList();
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
        double[] x = state.ask(new SplittableRandom(seed * 31 + trialNumber));
        return space.sample((param, soFar) -> {
            int d = numeric.indexOf(param);
            return d >= 0 ? SearchSpace.fromUnit(param, Math.min(x[d], Math.nextDown(1.0)))
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
            weights = new double[mu];
            double sum = 0;
            double squares = 0;
            for (int i = 0; i < mu; i++) {
                weights[i] = Math.log((lambda + 1) / 2.0) - Math.log(i + 1);
                sum += weights[i];
            }
            for (int i = 0; i < mu; i++) {
                weights[i] /= sum;
                squares += weights[i] * weights[i];
            }
            muEff = 1 / squares;
            cSigma = (muEff + 2) / (n + muEff + 5);
            dSigma = 1 + 2 * Math.max(0, Math.sqrt((muEff - 1) / (n + 1)) - 1) + cSigma;
            cC = (4 + muEff / n) / (n + 4 + 2 * muEff / n);
            c1 = 2 / ((n + 1.3) * (n + 1.3) + muEff);
            cMu = Math.min(1 - c1, 2 * (muEff - 2 + 1 / muEff) / ((n + 2) * (n + 2) + muEff));
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

        /** One generation's points and losses: the updates of Hansen's tutorial, (μ/μ_w, λ) with c_m = 1. */
        void tell(double[][] xs, double[] losses) {
            Integer[] order = new Integer[xs.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            Arrays.sort(order, Comparator.comparingDouble(i -> losses[i]));
            double[][] y = new double[mu][n];
            double[] yw = new double[n];
            for (int k = 0; k < mu; k++) {
                for (int i = 0; i < n; i++) {
                    y[k][i] = (xs[order[k]][i] - mean[i]) / sigma;
                    yw[i] += weights[k] * y[k][i];
                }
            }
            for (int i = 0; i < n; i++) {
                mean[i] += sigma * yw[i];
            }
            // C^-1/2 · y_w = B · D^-1 · Bᵀ · y_w
            double[] bty = new double[n];
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < n; i++) {
                    bty[j] += b[i][j] * yw[i];
                }
                bty[j] /= d[j];
            }
            double norm = 0;
            for (int i = 0; i < n; i++) {
                double v = 0;
                for (int j = 0; j < n; j++) {
                    v += b[i][j] * bty[j];
                }
                pSigma[i] = (1 - cSigma) * pSigma[i] + Math.sqrt(cSigma * (2 - cSigma) * muEff) * v;
                norm += pSigma[i] * pSigma[i];
            }
            norm = Math.sqrt(norm);
            generations++;
            boolean hSigma = norm / Math.sqrt(1 - Math.pow(1 - cSigma, 2.0 * generations))
                    < (1.4 + 2.0 / (n + 1)) * chiN;
            for (int i = 0; i < n; i++) {
                pC[i] = (1 - cC) * pC[i] + (hSigma ? Math.sqrt(cC * (2 - cC) * muEff) * yw[i] : 0);
            }
            double delta = hSigma ? 0 : cC * (2 - cC);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double rankMu = 0;
                    for (int k = 0; k < mu; k++) {
                        rankMu += weights[k] * y[k][i] * y[k][j];
                    }
                    c[i][j] = (1 + c1 * delta - c1 - cMu) * c[i][j] + c1 * pC[i] * pC[j] + cMu * rankMu;
                }
            }
            sigma *= Math.exp((cSigma / dSigma) * (norm / chiN - 1));
            decompose();
        }

        private void decompose() {
            RealMatrix matrix = new Array2DRowRealMatrix(c);
            EigenDecompositionSymmetric eigen = new EigenDecompositionSymmetric(matrix.add(matrix.transpose())
                    .scalarMultiply(0.5));
            double[] values = eigen.getEigenvalues();
            RealMatrix v = eigen.getV();
            for (int j = 0; j < n; j++) {
                d[j] = Math.sqrt(Math.max(values[j], 1e-20));
                for (int i = 0; i < n; i++) {
                    b[i][j] = v.getEntry(i, j);
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
