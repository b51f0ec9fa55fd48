package dev.vigil.models.holtwinters;

/**
 * What to fit: the exponential-smoothing form and which parameters are fixed. {@code NaN} marks a
 * parameter to estimate. Immutable (the seasonal array is copied in and never handed out).
 *
 * @param trend           {@link Smoother#NONE}, {@link Smoother#ADD} or {@link Smoother#MUL}
 * @param damped          whether the trend is damped by φ
 * @param seasonal        {@link Smoother#NONE}, {@link Smoother#ADD} or {@link Smoother#MUL}
 * @param m               samples per season (ignored without a seasonal component)
 * @param init            how the initial states are chosen
 * @param boxCox          {@code NaN}: no transform; {@link #BOXCOX_ESTIMATE}: λ by maximum
 *                        likelihood; otherwise the fixed λ (0 is the log)
 * @param alpha           fixed smoothing_level, or {@code NaN}
 * @param beta            fixed smoothing_trend, or {@code NaN}
 * @param gamma           fixed smoothing_seasonal, or {@code NaN}
 * @param phi             fixed damping_trend, or {@code NaN}
 * @param knownLevel      initial level for {@link Init#KNOWN}
 * @param knownTrend      initial trend for {@link Init#KNOWN}
 * @param knownSeasonal   initial seasonal values for {@link Init#KNOWN} (length m), or {@code null}
 */
record EsConfig(int trend, boolean damped, int seasonal, int m, Init init, double boxCox, double alpha,
        double beta, double gamma, double phi, double knownLevel, double knownTrend, double[] knownSeasonal) {

    /** The {@code boxCox} value asking for λ estimated by maximum likelihood. */
    static final double BOXCOX_ESTIMATE = Double.POSITIVE_INFINITY;

    /**
     * Where the search for the initial states starts. As in statsmodels' {@code ExponentialSmoothing.fit()},
     * the states are then optimised together with the smoothing parameters in every case.
     */
    enum Init {
        /** The heuristic, or the simple rule for series shorter than {@code 10 + 2 (m / 2)}. */
        ESTIMATED,
        /** Hyndman et al. (2008, section 2.6) heuristic (needs at least {@code 10 + 2 (m / 2)} samples). */
        HEURISTIC,
        /** Given by the user. */
        KNOWN
    }

    EsConfig {
        knownSeasonal = knownSeasonal == null ? null : knownSeasonal.clone();
    }

    @Override
    public double[] knownSeasonal() {
        return knownSeasonal == null ? null : knownSeasonal.clone();
    }

    /** Whether any component is multiplicative (the data must then be strictly positive). */
    boolean multiplicative() {
        return trend == Smoother.MUL || seasonal == Smoother.MUL;
    }

    /** The form in statsmodels' words, e.g. {@code trend=add damped seasonal=mul(24)}. */
    String describe() {
        return "trend=" + name(trend) + (damped ? " damped" : "") + ", seasonal=" + name(seasonal)
                + (seasonal == Smoother.NONE ? "" : "(" + m + ")");
    }

    static String name(int component) {
        return component == Smoother.ADD ? "add" : component == Smoother.MUL ? "mul" : "none";
    }
}
