package dev.ratchet.evaluation.metrics;

/** A confidence interval, how it was computed and at what level. {@code resamples} is 0 for analytic methods. */
public record Interval(double lower, double upper, double level, Method method, int resamples) {
    /** How an interval is computed. */
    public enum Method {
        /** Wilson's score interval for a proportion. */
        WILSON,
        /** DeLong's variance of the ROC-AUC on the logit scale, with a Student-t quantile. */
        DELONG_LOGIT,
        /** Normal interval of a mean (the central limit theorem): mean ± z·s/√n. */
        NORMAL,
        /** Percentile interval of a Poisson bootstrap with a seed. */
        BOOTSTRAP
    }
}
