package dev.ratchet.evaluation.gate;

import org.hipparchus.distribution.discrete.BinomialDistribution;

/** McNemar's exact test: do two classifiers err on the same rows equally often? */
public final class McNemar {
    private McNemar() {}

    /**
     * Two-sided exact p-value from the discordant pairs: {@code onlyFirstCorrect} rows the first
     * model gets right and the second wrong, {@code onlySecondCorrect} the reverse. Under the null
     * each discordant row is a fair coin: p = min(1, 2·P(X ≤ min(b, c))), X ~ Binomial(b + c, 1/2),
     * as statsmodels' {@code mcnemar(exact=True)}.
     */
    public static double exactPValue(long onlyFirstCorrect, long onlySecondCorrect) {
        long n = onlyFirstCorrect + onlySecondCorrect;
        if (n == 0) {
            return 1;
        }
        BinomialDistribution binomial = new BinomialDistribution(Math.toIntExact(n), 0.5);
        return Math.min(1, 2 * binomial.cumulativeProbability((int) Math.min(onlyFirstCorrect, onlySecondCorrect)));
    }
}
