package dev.vigil.models.mad;

/** The fitted state of a median/MAD model, beyond its spec. Immutable values. */
sealed interface MadState {

    /**
     * {@code mad}: the fit window's statistics (the band's half-width follows from them and the spec).
     *
     * @param median the median
     * @param mad    the median absolute deviation
     * @param meanAd the mean absolute deviation from the median
     */
    record Offline(double median, double mad, double meanAd) implements MadState {
    }
}
